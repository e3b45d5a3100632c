import { agency, FakeAgencyRepository } from '../agencies/testing/fake-agency-repository';
import { FakeClock } from '../common/testing/fake-clock';
import { FakeAuditTrail } from '../audit/testing/fake-audit-trail';
import { RuleViolationError } from '../common/errors/domain-errors';
import { Meeting } from './meeting';
import { CreateMeetingDto, MeetingDecisionDto } from './meeting.dto';
import { MeetingsService } from './meetings.service';
import { FakeConflictRepository } from '../conflicts/testing/fake-conflict-repository';
import { conflict } from '../conflicts/testing/fixtures';
import { FakeConflictResolution } from './testing/fake-conflict-resolution';
import { FakeMeetingRepository } from './testing/fake-meeting-repository';

const NOW = new Date('2026-03-02T03:00:00.000Z');
const LATER = new Date('2026-03-03T03:00:00.000Z');
const VNPT = '0100109106';
const COOP = '0300588569';

function setup() {
  const clock = new FakeClock(NOW);
  const meetings = new FakeMeetingRepository();
  const conflicts = new FakeConflictRepository([
    // Out of order on purpose: the agenda sorts by enterprise, then rule, then id.
    conflict('c3', { taxCode: COOP, agencyCodes: ['SYT'] }),
    conflict('c2', { taxCode: VNPT, ruleId: 'nq198.same-field', family: 'same-field' }),
    conflict('c1', { taxCode: VNPT }),
    conflict('other-year', { year: 2025 }),
    conflict('decided', { status: 'resolved' }),
    conflict('other-agency', { agencyCodes: ['STP'] }),
  ]);
  const agencies = new FakeAgencyRepository([agency('SYT'), agency('STC'), agency('STP')]);
  const audit = new FakeAuditTrail(clock);
  const resolution = new FakeConflictResolution(conflicts, NOW);
  const service = new MeetingsService(
    meetings,
    conflicts,
    resolution.asService(),
    agencies,
    audit,
    clock,
  );
  return { clock, meetings, conflicts, audit, resolution, service };
}

const body = (overrides: Partial<CreateMeetingDto> = {}): CreateMeetingDto => ({
  title: 'Họp phối hợp 2026',
  start: new Date('2026-03-10T01:00:00.000Z'),
  end: new Date('2026-03-10T03:00:00.000Z'),
  place: 'Phòng họp số 1',
  chair: 'Trần Văn B',
  agencyCodes: ['SYT', 'STC', 'SYT'],
  scope: { year: 2026, agencyCodes: ['SYT', 'STC'] },
  ...overrides,
});

async function created(s: ReturnType<typeof setup>, overrides: Partial<CreateMeetingDto> = {}) {
  const m = await s.service.create(body(overrides), 'alice');
  s.audit.recorded.length = 0;
  return m;
}

async function failure(p: Promise<unknown>) {
  const e = (await p.catch((err: unknown) => err)) as {
    status: number;
    code: string;
    message: string;
  };
  return { status: e.status, code: e.code, message: e.message };
}

describe('MeetingsService', () => {
  describe('create', () => {
    it("snapshots the scope's open conflicts as the agenda, by enterprise, rule and id", async () => {
      const s = setup();
      const m = await s.service.create(body(), 'alice');
      expect(m.agenda.map((a) => [a.order, a.conflictId])).toEqual([
        [1, 'c1'],
        [2, 'c2'],
        [3, 'c3'],
      ]);
      expect(m).toMatchObject({
        status: 'planned',
        revision: 1,
        agencyCodes: ['SYT', 'STC'],
        scope: { year: 2026, agencyCodes: ['STC', 'SYT'] },
        attendees: [],
        createdAt: NOW,
        updatedAt: NOW,
        createdBy: 'alice',
        updatedBy: 'alice',
      });
      expect(m.agenda[0].outcome).toBe('undecided');
      expect(m.agenda[0].conflict!.rule).toEqual({
        vi: 'Quá số lần kiểm tra trong năm (Nghị quyết 198/2025/QH15)',
        en: 'More kiểm tra (check) in a year than allowed (Resolution 198/2025/QH15)',
      });
      expect(s.meetings.rows.get(m.id)!.agenda).toEqual([
        { conflictId: 'c1', order: 1 },
        { conflictId: 'c2', order: 2 },
        { conflictId: 'c3', order: 3 },
      ]);
      expect(s.audit.recorded).toEqual([
        {
          entityType: 'meeting',
          entityId: m.id,
          action: 'created',
          actor: 'alice',
          at: NOW,
          note: '3 agenda items',
        },
      ]);
    });

    it('narrows the agenda to the enterprises of the scope, branches counted as their parent', async () => {
      const s = setup();
      const m = await s.service.create(
        body({ scope: { year: 2026, taxCodes: [`${COOP}-001`, COOP] } }),
        'alice',
      );
      expect(m.scope).toEqual({ year: 2026, taxCodes: [COOP] });
      expect(m.agenda.map((a) => a.conflictId)).toEqual(['c3']);
    });

    it('names every invalid field at once (400 VALIDATION_FAILED) and stores nothing', async () => {
      const s = setup();
      const err = (await s.service
        .create(
          body({
            end: new Date('2026-03-10T01:00:00.000Z'),
            agencyCodes: ['NOPE'],
            scope: { year: 2026, agencyCodes: ['SYT', 'GONE'], taxCodes: ['0100109107'] },
          }),
          'alice',
        )
        .catch((e: unknown) => e)) as { code: string; details: { field: string; code: string }[] };
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d) => [d.field, d.code])).toEqual([
        ['end', 'END_NOT_AFTER_START'],
        ['agencyCodes[0]', 'AGENCY_NOT_FOUND'],
        ['scope.agencyCodes[1]', 'AGENCY_NOT_FOUND'],
        ['scope.taxCodes[0]', 'TAX_CODE_CHECK_DIGIT'],
      ]);
      expect(s.meetings.rows.size).toBe(0);
      expect(s.audit.recorded).toEqual([]);
    });
  });

  describe('update', () => {
    it('writes the changed fields at the next revision and audits them', async () => {
      const s = setup();
      const m = await created(s);
      s.clock.set(LATER);
      const after = await s.service.update(
        m.id,
        { revision: 1, place: 'Phòng họp số 2', chair: 'Trần Văn B' },
        'bob',
      );
      expect(after).toMatchObject({
        place: 'Phòng họp số 2',
        revision: 2,
        updatedAt: LATER,
        updatedBy: 'bob',
      });
      expect(s.audit.recorded).toEqual([
        {
          entityType: 'meeting',
          entityId: m.id,
          action: 'updated',
          actor: 'bob',
          at: LATER,
          changes: [{ field: 'place', from: 'Phòng họp số 1', to: 'Phòng họp số 2' }],
        },
      ]);
    });

    it('audits a status change under the new status', async () => {
      const s = setup();
      const m = await created(s);
      const after = await s.service.update(m.id, { revision: 1, status: 'held' }, 'bob');
      expect(after.status).toBe('held');
      expect(s.audit.recorded.map((e) => e.action)).toEqual(['held']);
    });

    it('keeps the revision and audits nothing when the request changes nothing', async () => {
      const s = setup();
      const m = await created(s);
      const after = await s.service.update(
        m.id,
        { revision: 1, place: 'Phòng họp số 1', status: 'planned' },
        'bob',
      );
      expect(after.revision).toBe(1);
      expect(s.meetings.rows.get(m.id)!.revision).toBe(1);
      expect(s.audit.recorded).toEqual([]);
    });

    it('refuses a stale revision (409 STALE_REVISION)', async () => {
      const s = setup();
      const m = await created(s);
      expect(await failure(s.service.update(m.id, { revision: 2, place: 'x' }, 'bob'))).toEqual({
        status: 409,
        code: 'STALE_REVISION',
        message: `Meeting ${m.id} is at revision 1; reload and retry`,
      });
    });

    it('refuses when someone wrote between the read and the write (409 STALE_REVISION)', async () => {
      const s = setup();
      const m = await created(s);
      s.meetings.loseNextRace = true;
      expect(await failure(s.service.update(m.id, { revision: 1, place: 'x' }, 'bob'))).toEqual({
        status: 409,
        code: 'STALE_REVISION',
        message: `Meeting ${m.id} changed meanwhile; reload and retry`,
      });
      expect(s.audit.recorded).toEqual([]);
    });

    it.each(['closed', 'cancelled'] as const)('a %s meeting is final (422)', async (status) => {
      const s = setup();
      const m = await created(s);
      s.meetings.rows.get(m.id)!.status = status;
      expect(await failure(s.service.update(m.id, { revision: 1, place: 'x' }, 'bob'))).toEqual({
        status: 422,
        code: 'MEETING_NOT_OPEN',
        message: `Meeting ${m.id} is ${status} and can no longer change`,
      });
    });

    it('refuses a transition the lifecycle does not allow (422)', async () => {
      const s = setup();
      const m = await created(s);
      expect(
        await failure(s.service.update(m.id, { revision: 1, status: 'closed' }, 'bob')),
      ).toEqual({
        status: 422,
        code: 'INVALID_MEETING_TRANSITION',
        message: 'A planned meeting cannot become closed',
      });
    });
  });

  describe('refreshAgenda', () => {
    it('appends the conflicts opened since, at the next revision', async () => {
      const s = setup();
      const m = await created(s);
      s.conflicts.rows.set('c0', conflict('c0', { taxCode: VNPT }));
      s.clock.set(LATER);
      const after = await s.service.refreshAgenda(m.id, 'bob');
      expect(after.agenda.map((a) => [a.order, a.conflictId])).toEqual([
        [1, 'c1'],
        [2, 'c2'],
        [3, 'c3'],
        [4, 'c0'],
      ]);
      expect(after).toMatchObject({ revision: 2, updatedAt: LATER, updatedBy: 'bob' });
      expect(s.audit.recorded).toEqual([
        {
          entityType: 'meeting',
          entityId: m.id,
          action: 'agenda-refreshed',
          actor: 'bob',
          at: LATER,
          note: '1 agenda items added',
        },
      ]);
    });

    it('changes nothing when nothing new opened', async () => {
      const s = setup();
      const m = await created(s);
      expect((await s.service.refreshAgenda(m.id, 'bob')).revision).toBe(1);
      expect(s.audit.recorded).toEqual([]);
    });

    it('refuses once the meeting is no longer planned (422 MEETING_NOT_PLANNED)', async () => {
      const s = setup();
      const m = await created(s);
      s.meetings.rows.get(m.id)!.status = 'held';
      expect(await failure(s.service.refreshAgenda(m.id, 'bob'))).toEqual({
        status: 422,
        code: 'MEETING_NOT_PLANNED',
        message: `Meeting ${m.id} is held; only a planned meeting's agenda is refreshed`,
      });
    });

    it('refuses when someone wrote meanwhile (409 STALE_REVISION)', async () => {
      const s = setup();
      const m = await created(s);
      s.conflicts.rows.set('c0', conflict('c0'));
      s.meetings.loseNextRace = true;
      expect(await failure(s.service.refreshAgenda(m.id, 'bob'))).toEqual({
        status: 409,
        code: 'STALE_REVISION',
        message: `Meeting ${m.id} changed meanwhile; retry`,
      });
    });
  });

  describe('decide', () => {
    const cancel: MeetingDecisionDto = {
      conflictId: 'c1',
      resolution: 'cancel',
      inspectionId: 'c1-i2',
      reason: 'trùng lịch',
    } as MeetingDecisionDto;

    it('resolves the conflict tagged with the meeting and minutes it on the agenda item', async () => {
      const s = setup();
      const m = await created(s);
      const out = await s.service.decide(m.id, cancel, 'bob');
      expect(s.resolution.calls).toEqual([
        ['c1', { resolution: 'cancel', inspectionId: 'c1-i2', reason: 'trùng lịch' }, 'bob', m.id],
      ]);
      const decision = {
        resolution: 'cancel',
        summary: 'Hủy cuộc c1-i2. Lý do: trùng lịch',
        decidedBy: 'bob',
        decidedAt: NOW,
      };
      expect(s.meetings.rows.get(m.id)!.agenda[0]).toEqual({
        conflictId: 'c1',
        order: 1,
        decision,
      });
      expect(out.meeting.agenda[0]).toMatchObject({ outcome: 'decided', decision });
      expect(out.meeting.revision).toBe(2);
      expect(s.audit.recorded).toEqual([
        {
          entityType: 'meeting',
          entityId: m.id,
          action: 'decided',
          actor: 'bob',
          at: NOW,
          note: 'c1: Hủy cuộc c1-i2. Lý do: trùng lịch',
        },
      ]);
    });

    it('refuses a conflict that is not on the agenda (422 NOT_ON_AGENDA)', async () => {
      const s = setup();
      const m = await created(s);
      expect(
        await failure(s.service.decide(m.id, { ...cancel, conflictId: 'other-year' }, 'bob')),
      ).toEqual({
        status: 422,
        code: 'NOT_ON_AGENDA',
        message: "Conflict other-year is not on this meeting's agenda",
      });
      expect(s.resolution.calls).toEqual([]);
    });

    it('refuses a second decision on one item (409 ALREADY_DECIDED)', async () => {
      const s = setup();
      const m = await created(s);
      await s.service.decide(m.id, cancel, 'bob');
      expect(await failure(s.service.decide(m.id, cancel, 'bob'))).toEqual({
        status: 409,
        code: 'ALREADY_DECIDED',
        message: 'The meeting already decided on conflict c1',
      });
      expect(s.resolution.calls.length).toBe(1);
    });

    it.each(['closed', 'cancelled'] as const)(
      'a %s meeting takes no decisions (422)',
      async (st) => {
        const s = setup();
        const m = await created(s);
        s.meetings.rows.get(m.id)!.status = st;
        expect(await failure(s.service.decide(m.id, cancel, 'bob'))).toEqual({
          status: 422,
          code: 'MEETING_NOT_OPEN',
          message: `Meeting ${m.id} is ${st}; it takes no more decisions`,
        });
        expect(s.resolution.calls).toEqual([]);
      },
    );

    it('answers ALREADY_DECIDED when a racing decision of this meeting took the conflict', async () => {
      const s = setup();
      const m = await created(s);
      s.conflicts.rows.get('c1')!.resolution = {
        kind: 'exempt',
        meetingId: m.id,
        decidedBy: 'carol',
        decidedAt: NOW,
      };
      s.resolution.failWith = new RuleViolationError(
        'CONFLICT_NOT_OPEN',
        'Conflict c1 is resolved',
      );
      expect((await failure(s.service.decide(m.id, cancel, 'bob'))).code).toBe('ALREADY_DECIDED');
    });

    it("passes the resolution's refusal on when the conflict was decided elsewhere", async () => {
      const s = setup();
      const m = await created(s);
      s.resolution.failWith = new RuleViolationError(
        'CONFLICT_NOT_OPEN',
        'Conflict c1 is resolved',
      );
      expect(await failure(s.service.decide(m.id, cancel, 'bob'))).toEqual({
        status: 422,
        code: 'CONFLICT_NOT_OPEN',
        message: 'Conflict c1 is resolved',
      });
    });

    it('still shows the decision when the meeting closed between the two writes', async () => {
      const s = setup();
      const m = await created(s);
      // The meeting closes while the conflict is being resolved.
      const resolve = s.resolution.resolve;
      s.resolution.resolve = (async (...args: Parameters<typeof resolve>) => {
        (s.meetings.rows.get(m.id) as Meeting).status = 'closed';
        return resolve(...args);
      }) as typeof resolve;
      const out = await s.service.decide(m.id, cancel, 'bob');
      expect(s.meetings.rows.get(m.id)!.agenda[0].decision).toBe(undefined);
      expect(out.meeting.agenda[0]).toMatchObject({
        outcome: 'decided',
        decision: { resolution: 'cancel', summary: 'Hủy cuộc c1-i2. Lý do: trùng lịch' },
      });
    });
  });

  it('shows a conflict settled outside the meeting as settled-elsewhere', async () => {
    const s = setup();
    const m = await created(s);
    s.conflicts.rows.get('c2')!.status = 'exempted';
    const view = await s.service.get(m.id);
    expect(view.agenda.map((a) => a.outcome)).toEqual([
      'undecided',
      'settled-elsewhere',
      'undecided',
    ]);
  });

  it('answers 404 MEETING_NOT_FOUND for an unknown meeting', async () => {
    const s = setup();
    expect(await failure(s.service.get('nope'))).toEqual({
      status: 404,
      code: 'MEETING_NOT_FOUND',
      message: 'Meeting nope not found',
    });
  });
});
