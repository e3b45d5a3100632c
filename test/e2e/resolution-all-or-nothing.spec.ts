// Issue 15: a resolution's writes are never half-applied. A merge edits two inspections after
// its decision is stored; the database lost between them, or one inspection saved by someone
// else meanwhile, must end as all of it or none of it, through the real store.
import { TouchedParentsSweep } from '../../src/conflicts/touched-parents-sweep';
import { InspectionRepository } from '../../src/registry/inspections/inspection';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

type Conflict = {
  id: string;
  ruleId: string;
  status: string;
  resolution?: unknown;
  history: { action: string; note?: string }[];
};

describe('a merge is all its edits or none', () => {
  let t: TestApp;
  let seq = 7100;
  let plans: Record<string, string>;
  let store: InspectionRepository;
  let update: InspectionRepository['updateIfRevision'];

  beforeAll(async () => {
    t = await createTestApp('resolution_all_or_nothing');
    await seedAgencies(t.http);
    plans = {
      TTT: (await createPlan(t.http, { agencyCode: 'TTT', year: 2026 })).id,
      SKHCN: (await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 })).id,
    };
    store = t.app.get(InspectionRepository);
    update = store.updateIfRevision.bind(store);
  });
  afterEach(() => (store.updateIfRevision = update));
  afterAll(() => t.close());

  /** Lets the first inspection write through, then `fault` takes the place of the second. */
  function faultOnSecondWrite(fault: () => Promise<null>) {
    let calls = 0;
    store.updateIfRevision = async (...args) => (++calls === 2 ? fault() : update(...args));
  }

  async function overlap() {
    const tax = makeTaxCode(seq++ * 7919);
    const lead = await addInspection(t.http, plans.TTT, {
      taxCode: tax,
      type: 'thanh-tra',
      field: 'tax',
      content: 'Thanh tra việc chấp hành pháp luật thuế',
      window: { from: '2026-04-01', to: '2026-04-30' },
    });
    const other = await addInspection(t.http, plans.SKHCN, {
      taxCode: tax,
      content: 'Kiểm tra đo lường, chất lượng',
      window: { from: '2026-04-20', to: '2026-05-20' },
    });
    const items: Conflict[] = (
      await t.http.get(`/conflicts?taxCode=${tax}&pageSize=100`).expect(200)
    ).body.items;
    const conflict = items.find((c) => c.ruleId === 'nq198.window-overlap')!;
    return { lead: lead.id as string, other: other.id as string, conflict };
  }
  const merge = (c: Conflict, keep: string) =>
    t.http
      .post(`/conflicts/${encodeURIComponent(c.id)}/resolve`)
      .send({ resolution: 'merge', keepInspectionId: keep });
  const inspection = async (id: string) =>
    (await t.http.get(`/inspections/${id}`).expect(200)).body;
  const conflict = async (id: string): Promise<Conflict> =>
    (await t.http.get(`/conflicts/${encodeURIComponent(id)}`).expect(200)).body;

  it('the database lost after the first edit: the sweep makes the second', async () => {
    const { lead, other, conflict: c } = await overlap();
    faultOnSecondWrite(() => Promise.reject(new Error('connection 7 to 127.0.0.1 closed')));
    const cut = await merge(c, lead);
    expect(cut.status).toBeGreaterThanOrEqual(500);
    expect((await inspection(other)).state).toBe('planned'); // half made, until the sweep
    store.updateIfRevision = update;

    expect(await t.app.get(TouchedParentsSweep).sweep(new Date(Date.now() + 1))).toBe(1);
    expect(await inspection(other)).toMatchObject({ state: 'merged', mergedInto: lead });
    expect(await inspection(lead)).toMatchObject({ participantAgencyCodes: ['SKHCN'] });
    expect((await conflict(c.id)).status).toBe('resolved');
    expect(await t.app.get(TouchedParentsSweep).sweep(new Date(Date.now() + 1))).toBe(0);
  });

  it('the other inspection saved meanwhile: 409, the first edit undone, the conflict open again', async () => {
    const { lead, other, conflict: c } = await overlap();
    const before = await inspection(lead);
    faultOnSecondWrite(async () => {
      await t.http
        .patch(`/inspections/${other}`)
        .send({ revision: 1, content: 'Kiểm tra nhãn hàng hóa' })
        .expect(200);
      return null;
    });
    const refused = await merge(c, lead);
    expect([refused.status, refused.body.code]).toEqual([409, 'STALE_REVISION']);
    store.updateIfRevision = update;

    const undone = await inspection(lead);
    expect(undone.participantAgencyCodes).toEqual(before.participantAgencyCodes);
    expect(undone.revision).toBe(before.revision + 2);
    expect(await inspection(other)).toMatchObject({ state: 'planned', revision: 2 });
    const reopened = await conflict(c.id);
    expect(reopened.status).toBe('open');
    expect(reopened.resolution).toBeUndefined();
    expect(reopened.history.at(-1)).toMatchObject({
      action: 'reopened',
      note: `resolution not applied: inspection ${other} changed meanwhile`,
    });
    const trail = (await t.http.get(`/audit?entityType=inspection&entityId=${lead}`).expect(200))
      .body;
    expect(JSON.stringify(trail)).toContain('conflict-resolution-undone');
    // Nothing left for the sweep, and the conflict can be decided again.
    expect(await t.app.get(TouchedParentsSweep).sweep(new Date(Date.now() + 1))).toBe(0);
    expect((await merge(c, lead)).status).toBe(200);
  });
});
