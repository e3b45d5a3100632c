// Every plan status transition is copied onto the plan's inspections (feeds, conflict scans
// and reports read planStatus from the inspection, without a join).
import { PlanRepository } from '../../src/registry/plans/plan';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, seedAgencies, TAX } from '../support/factories';

const DECISION = { number: '15/QĐ-SKHCN', date: '2025-12-20' };

describe('plan status on its inspections, over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('registry_plan_status');
    await seedAgencies(t.http);
  });
  afterAll(() => t.close());

  async function inspectionsOf(planId: string) {
    const res = await t.http.get(`/plans/${planId}`).expect(200);
    return (
      res.body.inspections as { planStatus: string; planDecision?: unknown; revision: number }[]
    ).map((i) => ({
      planStatus: i.planStatus,
      planDecision: i.planDecision,
      revision: i.revision,
    }));
  }

  const post = (path: string, body: object = {}) => t.http.post(path).send(body).expect(200);

  it('follows submit, approve and withdraw', async () => {
    const plan = await createPlan(t.http);
    await addInspection(t.http, plan.id);
    await addInspection(t.http, plan.id, {
      taxCode: TAX.viettelPost,
      enterpriseName: 'Tổng công ty Bưu chính Viettel',
    });

    await post(`/plans/${plan.id}/submit`);
    // Nothing a calendar shows changed: the revisions (SEQUENCE) stay.
    expect(await inspectionsOf(plan.id)).toEqual([
      { planStatus: 'submitted', planDecision: undefined, revision: 1 },
      { planStatus: 'submitted', planDecision: undefined, revision: 1 },
    ]);

    await post(`/plans/${plan.id}/approve`, { decision: DECISION });
    expect(await inspectionsOf(plan.id)).toEqual([
      { planStatus: 'approved', planDecision: DECISION, revision: 2 },
      { planStatus: 'approved', planDecision: DECISION, revision: 2 },
    ]);

    await post(`/plans/${plan.id}/withdraw`, { reason: 'Không còn phù hợp' });
    expect(await inspectionsOf(plan.id)).toEqual([
      { planStatus: 'withdrawn', planDecision: DECISION, revision: 3 },
      { planStatus: 'withdrawn', planDecision: DECISION, revision: 3 },
    ]);
  });

  it('follows a return to draft and a revision, which drops the old decision', async () => {
    const plan = await createPlan(t.http);
    await addInspection(t.http, plan.id);

    await post(`/plans/${plan.id}/submit`);
    await post(`/plans/${plan.id}/return`, { reason: 'Bổ sung nội dung' });
    expect(await inspectionsOf(plan.id)).toEqual([
      { planStatus: 'draft', planDecision: undefined, revision: 1 },
    ]);

    await post(`/plans/${plan.id}/submit`);
    await post(`/plans/${plan.id}/approve`, { decision: DECISION });
    await post(`/plans/${plan.id}/revise`, { reason: 'Điều chỉnh theo kết luận họp' });
    expect(await inspectionsOf(plan.id)).toEqual([
      { planStatus: 'draft', planDecision: undefined, revision: 3 },
    ]);
  });

  it('a revision cut short after its frozen copy was saved is made by the next revise', async () => {
    const plan = await createPlan(t.http);
    await addInspection(t.http, plan.id);
    await post(`/plans/${plan.id}/submit`);
    await post(`/plans/${plan.id}/approve`, { decision: DECISION });
    const approved = (await t.http.get(`/plans/${plan.id}`).expect(200)).body;
    // The first attempt froze the approved revision, then the process died before the move.
    await t.app.get(PlanRepository).saveRevision({
      planId: plan.id,
      revision: approved.revision,
      plan: approved,
      inspections: approved.inspections,
      reason: 'Lần đầu, bị ngắt',
      actor: 'officer',
      at: new Date(),
    });
    await post(`/plans/${plan.id}/revise`, { reason: 'Điều chỉnh theo kết luận họp' });
    const history = (await t.http.get(`/plans/${plan.id}/revisions`).expect(200)).body;
    expect(history.current).toEqual({ revision: approved.revision + 1, status: 'draft' });
    expect(history.revisions.map((r: { revision: number }) => r.revision)).toEqual([
      approved.revision,
    ]);
  });
});
