import { agency, FakeAgencyRepository } from '../agencies/testing/fake-agency-repository';
import type { AppConfig } from '../config/app-config';
import { FieldCatalog } from '../fields/field-catalog';
import { FakeConflictRepository } from '../conflicts/testing/fake-conflict-repository';
import { conflict } from '../conflicts/testing/fixtures';
import type { CalendarMappingContext } from './calendar';
import { FeedEventsService } from './feed-events.service';
import type { Inspection } from '../registry/inspections/inspection';
import {
  FakeEnterpriseRepository,
  FakeInspectionRepository,
  FakePlanRepository,
} from '../registry/testing/fake-repositories';
import { anInspection, aPlan } from '../registry/testing/fixtures';

/** A kiểm tra of SYT at VNPT in March 2026, in an approved annual plan. */
const inspection = (id: string, overrides: Partial<Inspection> = {}) =>
  anInspection(
    aPlan({ agencyCode: 'SYT', status: 'approved' }),
    id,
    {
      enterpriseName: 'VNPT',
      field: 'y-te',
      content: 'Kiểm tra an toàn thực phẩm',
      window: { from: '2026-03-10', to: '2026-03-12' },
      leadAgencyCode: 'SYT',
    },
    overrides,
  );

const RANGE = { from: '2026-01-01', to: '2026-12-31' } as const;
const ctx = (asOf: string): CalendarMappingContext => ({
  feedScope: 'test',
  uidDomain: 'example.test',
  baseUrl: 'https://example.test/api',
  asOf: asOf as CalendarMappingContext['asOf'],
});

function setup(rows = [inspection('i1')], conflicts = [conflict('c1')]) {
  const inspections = new FakeInspectionRepository(rows);
  const plans = new FakePlanRepository();
  const service = new FeedEventsService(
    inspections,
    new FakeConflictRepository(conflicts),
    new FakeAgencyRepository([agency('SYT', { name: 'Sở Y tế' })]),
    new FakeEnterpriseRepository(),
    plans,
    new FieldCatalog({} as AppConfig),
  );
  return { inspections, plans, service };
}

const feed = (
  scope: 'agency' | 'enterprise' | 'province' | 'conflicts' | 'meetings',
  ref?: string,
) => ({
  scope,
  ...(ref && { ref }),
  filters: {},
});

describe('FeedEventsService', () => {
  it('an enterprise feed shows only inspections of approved plans', async () => {
    const { service } = setup([
      inspection('approved'),
      inspection('draft', { planStatus: 'draft' }),
      inspection('submitted', { planStatus: 'submitted' }),
    ]);
    const events = await service.events(feed('enterprise', '0100109106'), RANGE, ctx('2026-03-01'));
    expect(events.map((e) => e.url)).toEqual(['https://example.test/api/web/inspections/approved']);
  });

  it('while an approved plan is revised, the enterprise keeps seeing its approved version', async () => {
    const approved = inspection('rev', { planId: 'p2', content: 'Nội dung đã phê duyệt' });
    const draftNow = {
      ...approved,
      planStatus: 'draft' as const,
      window: { from: '2026-05-04', to: '2026-05-08' },
    };
    const { service, plans } = setup([draftNow]);
    const plan = aPlan({ id: 'p2', agencyCode: 'SYT', status: 'draft', revision: 2 });
    await plans.insert(plan);
    await plans.saveRevision({
      planId: 'p2',
      revision: 1,
      plan: { ...plan, status: 'approved', revision: 1 },
      inspections: [approved],
      reason: 'Bổ sung',
      actor: 'a',
      at: new Date(),
    });
    const enterprise = feed('enterprise', '0100109106');
    const events = await service.events(enterprise, RANGE, ctx('2026-03-01'));
    expect(events.map((e) => [e.url!.split('/').pop(), e.status, e.timing])).toEqual([
      [
        'rev',
        'TENTATIVE',
        { kind: 'all-day', startDay: '2026-03-10', endDayInclusive: '2026-03-12' },
      ],
    ]);
    // Another enterprise's feed does not get it; nor does a plan still at its first version.
    expect(
      await service.events(feed('enterprise', '0300588569'), RANGE, ctx('2026-03-01')),
    ).toEqual([]);
  });

  it('an agency feed shows drafts too', async () => {
    const { service, inspections } = setup([
      inspection('a'),
      inspection('d', { planStatus: 'draft' }),
    ]);
    const events = await service.events(feed('agency', 'SYT'), RANGE, ctx('2026-03-01'));
    expect(events.map((e) => e.url!.split('/').pop())).toEqual(['a', 'd']);
    expect(inspections.streamed).toEqual([
      { windowFrom: '2026-01-01', windowTo: '2026-12-31', involvingAgencyCode: 'SYT' },
    ]);
  });

  it('reads a branch feed by its own tax code and a parent feed by the parent', async () => {
    const { service, inspections } = setup([]);
    await service.events(feed('enterprise', '0100109106-001'), RANGE, ctx('2026-03-01'));
    await service.events(feed('enterprise', '0100109106'), RANGE, ctx('2026-03-01'));
    expect(inspections.streamed.map((f) => [f.taxCode, f.parentTaxCode])).toEqual([
      ['0100109106-001', undefined],
      [undefined, '0100109106'],
    ]);
  });

  it("shows a withdrawn plan's inspection as cancelled for 30 days, then drops it", async () => {
    const withdrawnAt = new Date('2026-03-01T02:00:00.000Z');
    const { service } = setup([
      inspection('w', { planStatus: 'withdrawn', state: 'planned', updatedAt: withdrawnAt }),
    ]);
    const [shown] = await service.events(feed('province'), RANGE, ctx('2026-03-31'));
    expect(shown.status).toBe('CANCELLED');
    expect(shown.summary.startsWith('[ĐÃ HỦY] ')).toBe(true);
    expect(await service.events(feed('province'), RANGE, ctx('2026-04-01'))).toEqual([]);
  });

  it('a conflicts feed names how a decided conflict was resolved', async () => {
    const { service } = setup(
      [],
      [
        conflict('c1', {
          status: 'resolved',
          resolution: {
            kind: 'merge',
            decidedBy: 'bob',
            decidedAt: new Date('2026-03-01T00:00:00Z'),
          },
          facts: {
            agencyCodes: ['SYT'],
            inspections: [
              {
                id: 'i1',
                taxCode: '0100109106',
                type: 'kiem-tra',
                form: 'on-site',
                field: 'y-te',
                window: { from: '2026-03-10', to: '2026-03-12' },
                leadAgencyCode: 'SYT',
                leadAgencyKind: 'specialised',
                participantAgencyCodes: [],
              } as never,
            ],
          },
          updatedAt: new Date('2026-03-01T00:00:00Z'),
        }),
      ],
    );
    const events = await service.events(feed('conflicts', 'SYT'), RANGE, ctx('2026-03-02'));
    expect(events.length).toBe(1);
    expect(events[0].description).toContain('Gộp thành một cuộc liên ngành');
  });

  it('a meetings feed is empty without a meetings source', async () => {
    const { service } = setup();
    expect(await service.events(feed('meetings'), RANGE, ctx('2026-03-01'))).toEqual([]);
  });
});
