import { DomainError } from '../../common/errors/domain-errors';
import { conflictWorld, enterprise, overlapPair, reader, TAX } from '../testing/world';

const OVERLAP = 'nq198.window-overlap';
const GOOD = 'nq198.good-complier-remote';

async function world(o: { goodComplier?: boolean; remoteThanhTra?: boolean } = {}) {
  const w = conflictWorld({
    inspections: overlapPair({ remoteThanhTra: o.remoteThanhTra }),
    enterprises: [enterprise(TAX.vnpt, o.goodComplier)],
  });
  await w.detect(TAX.vnpt);
  const byRule = (rule: string) => w.conflicts.all().find((c) => c.ruleId === rule)!;
  return { ...w, byRule };
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
  throw new Error('accepted');
}

describe('ConflictResolutionService', () => {
  it('answers 404 for an unknown conflict', async () => {
    const w = await world();
    expect(await refusal(w.resolution.resolve('nope', { resolution: 'merge' }, 'An'))).toEqual({
      status: 404,
      code: 'CONFLICT_NOT_FOUND',
      message: 'Conflict nope not found',
    });
  });

  it('decides only open conflicts', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    await w.resolution.resolve(
      c.id,
      { resolution: 'exempt', legalBasis: 'L', evidence: 'E' },
      'An',
    );
    expect(
      await refusal(
        w.resolution.resolve(c.id, { resolution: 'exempt', legalBasis: 'L', evidence: 'E' }, 'An'),
      ),
    ).toEqual({
      status: 422,
      code: 'CONFLICT_NOT_OPEN',
      message: `Conflict ${c.id} is exempted; only open conflicts are decided`,
    });
  });

  it('exempts without touching inspections, audited with its legal basis', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    const res = await w.resolution.resolve(
      c.id,
      { resolution: 'exempt', legalBasis: 'Điều 4', evidence: 'BB 3', note: 'họp 5/3' },
      'An',
      'meeting-1',
    );
    expect(res.changedInspections).toEqual([]);
    expect(res.conflictsAfter).toEqual([]);
    expect(res.conflict.status).toBe('exempted');
    expect(res.conflict.resolution).toEqual({
      kind: 'exempt',
      legalBasis: 'Điều 4',
      evidence: 'BB 3',
      note: 'họp 5/3',
      meetingId: 'meeting-1',
      decidedBy: 'An',
      decidedAt: w.clock.now(),
    });
    expect(w.audit.recorded).toEqual([
      {
        entityType: 'conflict',
        entityId: c.id,
        action: 'exempted',
        actor: 'An',
        note: 'Điều 4',
        at: w.clock.now(),
      },
    ]);
    expect([...w.inspections.rows.values()].map((i) => i.revision)).toEqual([1, 1]);
  });

  it('applies the suggestion GET offered under its number (good complier: move, not merge)', async () => {
    const w = await world({ goodComplier: true, remoteThanhTra: true });
    const c = w.byRule(OVERLAP);
    const { suggestions } = await w.queries.get(c.id, reader());
    expect(suggestions.map((s) => s.kind)).toEqual(['move-to-year']);
    expect(
      await refusal(w.resolution.resolve(c.id, { resolution: 'merge', suggestion: 0 }, 'An')),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Suggestion 0 is a reschedule, not a merge',
    });
    const before = w.conflicts.all().map((x) => x.id);
    const res = await w.resolution.resolve(c.id, { resolution: 'reschedule', suggestion: 0 }, 'An');
    expect(res.changedInspections.map((i) => [i.id, i.window, i.revision])).toEqual([
      ['b', { from: '2027-04-20', to: '2027-05-20' }, 2],
    ]);
    expect(w.conflicts.all().map((x) => x.id)).toEqual(before);
    expect(res.conflictsAfter.map((d) => [d.ruleId, d.status])).toEqual([[GOOD, 'open']]);
  });

  it('refuses a change that leaves the conflict in place', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    const still = { from: '2026-04-30', to: '2026-05-10' };
    expect(
      await refusal(
        w.resolution.resolve(
          c.id,
          { resolution: 'reschedule', inspectionId: 'b', window: still },
          'An',
        ),
      ),
    ).toEqual({
      status: 422,
      code: 'RESOLUTION_INEFFECTIVE',
      message: `This reschedule would not remove conflict ${c.id}; choose another window or resolution`,
    });
    expect(w.conflicts.all().find((x) => x.id === c.id)!.status).toBe('open');
  });

  it('writes through the registry: revision bumped and the change audited as the resolution', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    const res = await w.resolution.resolve(
      c.id,
      { resolution: 'cancel', inspectionId: 'a', reason: 'Trùng kế hoạch' },
      'An',
    );
    expect(res.conflict.status).toBe('resolved');
    expect(res.conflict.resolution).toEqual({
      kind: 'cancel',
      inspectionId: 'a',
      reason: 'Trùng kế hoạch',
      decidedBy: 'An',
      decidedAt: w.clock.now(),
    });
    expect(w.inspections.rows.get('a')).toMatchObject({
      state: 'cancelled',
      stateReason: 'Trùng kế hoạch',
      revision: 2,
      updatedBy: 'An',
      updatedAt: w.clock.now(),
    });
    expect(w.audit.recorded).toEqual([
      {
        entityType: 'inspection',
        entityId: 'a',
        action: 'conflict-resolution',
        actor: 'An',
        note: c.id,
        at: w.clock.now(),
        changes: [
          { field: 'state', from: 'planned', to: 'cancelled' },
          { field: 'stateReason', from: undefined, to: 'Trùng kế hoạch' },
        ],
      },
    ]);
    expect(res.conflictsAfter).toEqual([]);
  });

  it('answers 409 when an inspection changed after the decision was read', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    const read = w.inspections.findByParents.bind(w.inspections);
    w.inspections.findByParents = async (p) => {
      const rows = await read(p);
      w.inspections.rows.get('a')!.revision = 7; // someone saved meanwhile
      return rows;
    };
    expect(
      await refusal(
        w.resolution.resolve(c.id, { resolution: 'cancel', inspectionId: 'a', reason: 'x' }, 'An'),
      ),
    ).toEqual({
      status: 409,
      code: 'STALE_REVISION',
      message: 'Inspection a changed meanwhile; decide again',
    });
  });

  it('answers 409 when another decision took the conflict meanwhile', async () => {
    const w = await world();
    const c = w.byRule(OVERLAP);
    w.conflicts.decide = async () => null;
    expect(
      await refusal(
        w.resolution.resolve(c.id, { resolution: 'cancel', inspectionId: 'a', reason: 'x' }, 'An'),
      ),
    ).toEqual({
      status: 409,
      code: 'CONFLICT_DECIDED_MEANWHILE',
      message: `Conflict ${c.id} was decided meanwhile`,
    });
    expect(w.inspections.rows.get('a')!.state).toBe('planned');
  });

  describe('a merge is all its edits or none', () => {
    const MERGE = { resolution: 'merge' as const, keepInspectionId: 'a' };
    /** Lets the first `n` inspection writes through, then runs `fault` instead of the next. */
    function failAfter(
      w: Awaited<ReturnType<typeof world>>,
      n: number,
      fault: () => Promise<never>,
      once = false,
    ) {
      const update = w.inspections.updateIfRevision.bind(w.inspections);
      let calls = 0;
      w.inspections.updateIfRevision = async (...args) => {
        calls++;
        return calls <= n || (once && calls > n + 1) ? update(...args) : fault();
      };
      return () => (w.inspections.updateIfRevision = update);
    }

    it('cut short by a lost database after one edit, the sweep makes the other', async () => {
      const w = await world();
      const c = w.byRule(OVERLAP);
      const heal = failAfter(w, 1, () => Promise.reject(new Error('connection lost')));
      await expect(w.resolution.resolve(c.id, MERGE, 'An')).rejects.toThrow('connection lost');
      expect(w.inspections.rows.get('b')!.state).toBe('planned'); // half made, for now
      heal();
      expect(await w.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
      expect(w.inspections.rows.get('a')).toMatchObject({
        participantAgencyCodes: ['SKHCN'],
        revision: 2,
      });
      expect(w.inspections.rows.get('b')).toMatchObject({
        state: 'merged',
        mergedInto: 'a',
        revision: 2,
      });
      expect(w.conflicts.all().find((x) => x.id === c.id)!.status).toBe('resolved');
      // Finished once: a second sweep finds nothing left.
      expect(await w.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    });

    it('an inspection saved by someone else meanwhile: the edit made is undone, the conflict reopened', async () => {
      const w = await world();
      const c = w.byRule(OVERLAP);
      failAfter(
        w,
        1,
        async () => {
          w.inspections.rows.get('b')!.revision = 7; // saved by someone else
          return null as never;
        },
        true,
      );
      expect(await refusal(w.resolution.resolve(c.id, MERGE, 'An'))).toEqual({
        status: 409,
        code: 'STALE_REVISION',
        message: 'Inspection b changed meanwhile; decide again',
      });
      expect(w.inspections.rows.get('a')).toMatchObject({
        participantAgencyCodes: [],
        revision: 3,
      });
      const reopened = w.conflicts.all().find((x) => x.id === c.id)!;
      expect(reopened.status).toBe('open');
      expect(reopened.resolution).toBeUndefined();
      expect(reopened.history.at(-1)).toMatchObject({
        action: 'reopened',
        note: 'resolution not applied: inspection b changed meanwhile',
      });
      expect(w.audit.recorded.map((e) => [e.entityId, e.action])).toEqual([
        ['a', 'conflict-resolution'],
        ['a', 'conflict-resolution-undone'],
      ]);
      expect(await w.bus.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    });
  });
});
