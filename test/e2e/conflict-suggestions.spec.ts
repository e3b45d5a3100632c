// Issue 9: a suggestion's number means the same on GET /conflicts/:id and on resolve, for
// an enterprise whose facts (good complier) change what the engine may suggest.
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

type Conflict = { id: string; ruleId: string; status: string; inspectionIds: string[] };
type Suggestion = { kind: string; inspectionId?: string; keepId?: string };

const RESOLUTION_OF: Record<string, string> = {
  merge: 'merge',
  'move-to-year': 'reschedule',
  'switch-to-remote': 'switch-to-remote',
  'switch-to-kiem-tra': 'switch-to-kiem-tra',
};

describe('suggestions of a good complier, offered and applied', () => {
  let t: TestApp;
  let seq = 4000;
  let plans: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp('conflict_suggestions');
    await seedAgencies(t.http);
    plans = {
      TTT: (await createPlan(t.http, { agencyCode: 'TTT', year: 2026 })).id,
      SKHCN: (await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 })).id,
    };
  });
  afterAll(() => t.close());

  const path = (id: string) => `/conflicts/${encodeURIComponent(id)}`;
  const conflictsOf = async (tax: string): Promise<Conflict[]> =>
    (await t.http.get(`/conflicts?taxCode=${tax}&pageSize=100`).expect(200)).body.items;

  /**
   * A good complier with the inspectorate's remote thanh tra and an on-site kiểm tra whose
   * windows overlap: merging would make the joint inspection on-site, a new good-complier
   * conflict, so the engine (knowing the flag) must not offer it.
   */
  async function goodComplierWithOverlap() {
    const tax = makeTaxCode(seq++ * 7919);
    const remote = await addInspection(t.http, plans.TTT, {
      taxCode: tax,
      type: 'thanh-tra',
      form: 'remote',
      field: 'tax',
      content: 'Thanh tra thuế qua dữ liệu điện tử',
      window: { from: '2026-04-01', to: '2026-04-30' },
    });
    const onSite = await addInspection(t.http, plans.SKHCN, {
      taxCode: tax,
      window: { from: '2026-04-20', to: '2026-05-20' },
    });
    await t.http.patch(`/enterprises/${tax}`).send({ goodComplier: true }).expect(200);
    const conflicts = await conflictsOf(tax);
    return { tax, remote, onSite, conflicts };
  }

  it('offers, per conflict, only what does not open another', async () => {
    const { remote, onSite, conflicts } = await goodComplierWithOverlap();
    const offered: Record<string, Suggestion[]> = {};
    for (const c of conflicts)
      offered[c.ruleId] = (await t.http.get(path(c.id)).expect(200)).body.suggestions;
    expect(Object.keys(offered).sort()).toEqual([
      'nq198.good-complier-remote',
      'nq198.window-overlap',
    ]);
    expect(offered['nq198.window-overlap']).toMatchObject([
      { kind: 'move-to-year', inspectionId: onSite.id },
    ]);
    expect(offered['nq198.good-complier-remote']).toMatchObject([
      { kind: 'switch-to-remote', inspectionId: onSite.id },
    ]);
    expect(remote.conflicts).toEqual([]);
  });

  it('accepts every offered suggestion by its number and opens no new conflict', async () => {
    const { conflicts } = await goodComplierWithOverlap();
    const cases: { ruleId: string; index: number; kind: string }[] = [];
    for (const c of conflicts) {
      const offered: Suggestion[] = (await t.http.get(path(c.id)).expect(200)).body.suggestions;
      offered.forEach((s, index) => cases.push({ ruleId: c.ruleId, index, kind: s.kind }));
    }
    expect(cases.map((c) => `${c.ruleId}#${c.index}:${c.kind}`).sort()).toEqual([
      'nq198.good-complier-remote#0:switch-to-remote',
      'nq198.window-overlap#0:move-to-year',
    ]);

    for (const { ruleId, index, kind } of cases) {
      // Fresh data per case: each decision starts from the same situation.
      const fresh = await goodComplierWithOverlap();
      const target = fresh.conflicts.find((c) => c.ruleId === ruleId)!;
      const offered: Suggestion[] = (await t.http.get(path(target.id)).expect(200)).body
        .suggestions;
      expect(offered[index].kind).toBe(kind);
      const res = await t.http
        .post(`${path(target.id)}/resolve`)
        .send({ resolution: RESOLUTION_OF[kind], suggestion: index })
        .expect(200);
      expect(res.body.conflict).toMatchObject({
        id: target.id,
        status: 'resolved',
        resolution: { kind: RESOLUTION_OF[kind] },
      });
      const before = new Set(fresh.conflicts.map((c) => c.id));
      const after = await conflictsOf(fresh.tax);
      expect(after.filter((c) => !before.has(c.id))).toEqual([]);
      expect(after.find((c) => c.id === target.id)!.status).toBe('resolved');
    }
  });

  it('refuses the merge the engine did not offer under the number it gave the move', async () => {
    const { conflicts } = await goodComplierWithOverlap();
    const overlap = conflicts.find((c) => c.ruleId === 'nq198.window-overlap')!;
    const res = await t.http
      .post(`${path(overlap.id)}/resolve`)
      .send({ resolution: 'merge', suggestion: 0 })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      {
        field: 'suggestion',
        code: 'SUGGESTION_KIND_MISMATCH',
        message: 'suggestion 0 is a reschedule',
      },
    ]);
  });
});
