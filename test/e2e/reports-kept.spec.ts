// The year report is computed once per data version and kept: every kind of write it reads
// must show in the very next report (API, coordinator's home, report page), here and on any
// other replica (the versions live in the database).
import { createTestApp, TestApp } from '../support/app';
import {
  addInspection,
  AGENCIES,
  createPlan,
  makeTaxCode,
  seedAgencies,
} from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

type Report = {
  enterprises: { inspectedMoreThanOnce: { beforeCoordination: number } };
  inspections: { registered: number; active: number; cancelled: number };
  byAgency: { agencyCode: string; agencyName: string; registered: number }[];
  conflicts: { byStatus: Record<string, number> };
};

describe('a kept year report after each kind of write it reads', () => {
  let t: TestApp;
  let coordinator: PageUser;
  let sci: string;
  let snv: string;
  const E = [0, 1, 2].map((i) => makeTaxCode(47_000 + i * 113));
  const report = async (): Promise<Report> => (await t.http.get('/reports/2026').expect(200)).body;
  /** The report page's row of a rule: open, resolved, exempted, closed. */
  const byRuleCells = (...n: number[]) => n.map((k) => `<td class="num">${k}</td>`).join('');
  const w = (month: string) => ({ from: `2026-${month}-01`, to: `2026-${month}-28` });

  beforeAll(async () => {
    t = await createTestApp('reports_kept');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    sci = (await createPlan(t.http, { agencyCode: 'SKHCN' })).id;
    snv = (await createPlan(t.http, { agencyCode: 'SNV' })).id;
    coordinator = await pageUser(t, 'coordinator');
  });
  afterAll(() => t.close());

  it('counts an inspection added', async () => {
    expect((await report()).inspections.registered).toBe(0);
    await addInspection(t.http, sci, { taxCode: E[0], window: w('02') });
    expect((await report()).inspections).toMatchObject({ registered: 1, active: 1 });
  });

  it('leaves out an inspection cancelled', async () => {
    const lone = await addInspection(t.http, sci, { taxCode: E[1], window: w('03') });
    expect((await report()).inspections).toMatchObject({ registered: 2, active: 2 });
    await t.http
      .patch(`/inspections/${lone.id}`)
      .send({ revision: lone.revision, state: 'cancelled', stateReason: 'Doanh nghiệp giải thể' })
      .expect(200);
    expect((await report()).inspections).toMatchObject({ registered: 2, active: 1, cancelled: 1 });
  });

  it('moves a conflict resolved from open to exempted, on the API and both pages', async () => {
    await addInspection(t.http, snv, { taxCode: E[2], field: 'labour', window: w('08') });
    await addInspection(t.http, sci, { taxCode: E[2], window: w('05') });
    const before = await report();
    expect(before.conflicts.byStatus).toMatchObject({ open: 1, exempted: 0 });
    expect(before.enterprises.inspectedMoreThanOnce.beforeCoordination).toBe(1);
    const home = await coordinator.agent.get('/web?year=2026').expect(200);
    expect(home.text).toMatch(
      /<span class="value">1<\/span><span class="label">chồng chéo chưa xử lý/,
    );

    const rulePage = await coordinator.agent.get('/web/reports?year=2026').expect(200);
    expect(rulePage.text).toContain(byRuleCells(1, 0, 0, 0));

    const [conflict] = (
      await t.http.get(`/conflicts?year=2026&taxCode=${E[2]}&status=open`).expect(200)
    ).body.items as { id: string }[];
    await t.http
      .post(`/conflicts/${conflict.id}/resolve`)
      .send({
        resolution: 'exempt',
        legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Đơn tố cáo số 7/2026',
      })
      .expect(200);

    expect((await report()).conflicts.byStatus).toMatchObject({ open: 0, exempted: 1 });
    const after = await coordinator.agent.get('/web?year=2026').expect(200);
    expect(after.text).toMatch(
      /<span class="value">0<\/span><span class="label">chồng chéo chưa xử lý/,
    );
    const page = await coordinator.agent.get('/web/reports?year=2026').expect(200);
    expect(page.text).toContain(byRuleCells(0, 0, 1, 0));
  });

  it('names an agency as renamed', async () => {
    expect((await report()).byAgency.find((a) => a.agencyCode === 'SNV')?.agencyName).toBe(
      'Sở Nội vụ',
    );
    await t.http.patch('/agencies/SNV').send({ name: 'Sở Nội vụ tỉnh' }).expect(200);
    expect((await report()).byAgency.find((a) => a.agencyCode === 'SNV')?.agencyName).toBe(
      'Sở Nội vụ tỉnh',
    );
  });

  it('drops the inspections of a plan withdrawn', async () => {
    expect((await report()).byAgency.find((a) => a.agencyCode === 'SNV')?.registered).toBe(1);
    await t.http.post(`/plans/${snv}/withdraw`).send({ reason: 'Đăng ký nhầm' }).expect(200);
    const after = await report();
    // Still listed for its conflict, which the withdrawal closed.
    expect(after.byAgency.find((a) => a.agencyCode === 'SNV')?.registered).toBe(0);
    expect(after.inspections.registered).toBe(3);
  });
});
