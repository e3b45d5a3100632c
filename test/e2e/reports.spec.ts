import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

type Report = {
  year: number;
  enterprises: {
    inspected: { beforeCoordination: number; afterCoordination: number };
    inspectedMoreThanOnce: { beforeCoordination: number; afterCoordination: number };
  };
  inspections: { registered: number; active: number; cancelled: number; merged: number };
  byAgency: {
    agencyCode: string;
    agencyName: string;
    registered: number;
    active: number;
    conflicts: Record<string, number>;
  }[];
  conflicts: {
    total: number;
    byStatus: Record<string, number>;
    byRule: ({ ruleId: string; label: { vi: string; en: string }; total: number } & Record<
      string,
      unknown
    >)[];
    shareResolved: number | null;
  };
  labels: Record<string, { vi: string; en: string }>;
};

/**
 * A small year whose figures are known by hand (2026, NQ198):
 *   E1  kiểm tra SKHCN (Feb) + kiểm tra SNV (Aug)            → frequency C1, later: cancel SNV's
 *   E2  thanh tra TTT (Apr) + kiểm tra SKHCN (mid Apr–May)   → overlap C2, later: merge into TTT's
 *   E3  kiểm tra THUE                                         → nothing
 *   E4  kiểm tra SKHCN of branch E4-001 + kiểm tra THUE of E4 → frequency C4 (per parent), later: exempt
 *   E5  kiểm tra SKHCN in a plan then withdrawn + kiểm tra SNV → frequency C5, closed by the withdrawal
 *   E6  thanh tra TTT + kiểm tra THUE, both in field "tax"   → same-field C6, left open
 *   and E1 again in 2025 (another year: not counted).
 */
describe('yearly burden report over HTTP', () => {
  let t: TestApp;
  const E = [0, 1, 2, 3, 4, 5, 6].map((i) => makeTaxCode(31_000 + i * 101));
  const conflictOf = (res: { conflicts: { id: string; ruleId: string }[] }) => res.conflicts[0];
  let c1: string;
  let c2: string;
  let c4: string;
  let e1Labour: { id: string };
  let e2Inspectorate: { id: string };
  let before: Report;

  beforeAll(async () => {
    t = await createTestApp('reports');
    await seedAgencies(t.http);
    const plan = async (agencyCode: string, year = 2026) =>
      (await createPlan(t.http, { agencyCode, year })).id;
    const sci = await plan('SKHCN');
    const snv = await plan('SNV');
    const ttt = await plan('TTT');
    const thue = await plan('THUE');
    const sciWithdrawn = await plan('SKHCN');
    const sci2025 = await plan('SKHCN', 2025);

    await addInspection(t.http, sci, { taxCode: E[1], window: w('02-01', '02-28') });
    e1Labour = await addInspection(t.http, snv, {
      taxCode: E[1],
      field: 'labour',
      window: w('08-01', '08-31'),
    });
    c1 = conflictOf(e1Labour as never).id;

    e2Inspectorate = await addInspection(t.http, ttt, {
      taxCode: E[2],
      type: 'thanh-tra',
      field: 'tax',
      window: w('04-01', '04-30'),
    });
    c2 = conflictOf(
      await addInspection(t.http, sci, { taxCode: E[2], window: w('04-15', '05-15') }),
    ).id;

    await addInspection(t.http, thue, { taxCode: E[3], field: 'tax', window: w('06-01', '06-30') });

    await addInspection(t.http, sci, { taxCode: `${E[4]}-001`, window: w('03-01', '03-31') });
    c4 = conflictOf(
      await addInspection(t.http, thue, {
        taxCode: E[4],
        field: 'tax',
        window: w('10-01', '10-31'),
      }),
    ).id;

    await addInspection(t.http, sciWithdrawn, { taxCode: E[5], window: w('01-05', '01-20') });
    const c5 = await addInspection(t.http, snv, {
      taxCode: E[5],
      field: 'labour',
      window: w('11-01', '11-30'),
    });
    expect(c5.conflicts).toHaveLength(1);

    await addInspection(t.http, ttt, {
      taxCode: E[6],
      type: 'thanh-tra',
      field: 'tax',
      window: w('07-01', '07-31'),
    });
    const c6 = await addInspection(t.http, thue, {
      taxCode: E[6],
      field: 'tax',
      window: w('09-01', '09-30'),
    });
    expect(c6.conflicts.map((c: { ruleId: string }) => c.ruleId)).toEqual(['nq198.same-field']);

    await addInspection(t.http, sci2025, {
      taxCode: E[1],
      window: { from: '2025-05-01', to: '2025-05-31' },
    });

    await t.http
      .post(`/plans/${sciWithdrawn}/withdraw`)
      .send({ reason: 'Đăng ký nhầm' })
      .expect(200);
    before = (await t.http.get('/reports/2026').expect(200)).body;
  });
  afterAll(() => t.close());

  function w(from: string, to: string) {
    return { from: `2026-${from}`, to: `2026-${to}` };
  }

  it('counts enterprises, inspections and conflicts before anything is decided', () => {
    expect(before.year).toBe(2026);
    expect(before.enterprises).toEqual({
      inspected: { beforeCoordination: 6, afterCoordination: 6 },
      inspectedMoreThanOnce: { beforeCoordination: 4, afterCoordination: 4 },
    });
    expect(before.inspections).toEqual({ registered: 10, active: 10, cancelled: 0, merged: 0 });
    expect(before.conflicts.byStatus).toEqual({ open: 4, resolved: 0, exempted: 0, closed: 1 });
    expect(before.conflicts.total).toBe(5);
    expect(before.conflicts.shareResolved).toBe(0);
  });

  it('shows the burden falling after coordination: a merge and a cancellation', async () => {
    await t.http
      .post(`/conflicts/${c1}/resolve`)
      .send({ resolution: 'cancel', inspectionId: e1Labour.id, reason: 'Trùng kế hoạch' })
      .expect(200);
    await t.http
      .post(`/conflicts/${c2}/resolve`)
      .send({ resolution: 'merge', keepInspectionId: e2Inspectorate.id })
      .expect(200);
    await t.http
      .post(`/conflicts/${c4}/resolve`)
      .send({
        resolution: 'exempt',
        legalBasis: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15',
        evidence: 'Đơn tố cáo số 12/2026',
      })
      .expect(200);

    const after: Report = (await t.http.get('/reports/2026').expect(200)).body;
    // "Before" never changes with decisions; "after" drops E1 (cancelled) and E2 (joint, once).
    expect(after.enterprises).toEqual({
      inspected: { beforeCoordination: 6, afterCoordination: 6 },
      inspectedMoreThanOnce: { beforeCoordination: 4, afterCoordination: 2 },
    });
    expect(after.inspections).toEqual({ registered: 10, active: 8, cancelled: 1, merged: 1 });
    expect(after.conflicts.byStatus).toEqual({ open: 1, resolved: 2, exempted: 1, closed: 1 });
    expect(after.conflicts.shareResolved).toBeCloseTo(3 / 4);

    // The same figures as a workbook, for the people who keep their own tables.
    const xlsx = await t.http
      .get('/reports/2026/report.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-disposition']).toBe(
      'attachment; filename="bao-cao-thanh-tra-kiem-tra-2026.xlsx"',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    expect(book.getWorksheet('Tổng hợp')!.getRow(5).values).toEqual([
      undefined,
      'Số doanh nghiệp bị thanh tra, kiểm tra quá 1 lần/năm',
      4,
      2,
    ]);

    const rules = Object.fromEntries(after.conflicts.byRule.map((r) => [r.ruleId, r]));
    expect(Object.keys(rules)).toEqual([
      'nq198.frequency.kiem-tra',
      'nq198.same-field',
      'nq198.window-overlap',
    ]);
    expect(rules['nq198.frequency.kiem-tra']).toMatchObject({
      total: 3,
      open: 0,
      resolved: 1,
      exempted: 1,
      closed: 1,
      label: {
        vi: 'Quá số lần kiểm tra trong năm (Nghị quyết 198/2025/QH15)',
        en: expect.stringContaining('Resolution 198/2025/QH15'),
      },
    });
    expect(rules['nq198.same-field']).toMatchObject({ total: 1, open: 1 });
    expect(rules['nq198.window-overlap']).toMatchObject({ total: 1, resolved: 1 });

    // Lead or participant: after the merge SKHCN takes part in TTT's joint inspection.
    const agencies = Object.fromEntries(after.byAgency.map((a) => [a.agencyCode, a]));
    expect(Object.keys(agencies)).toEqual(['SKHCN', 'SNV', 'THUE', 'TTT']);
    expect(agencies.SKHCN).toMatchObject({
      agencyName: 'Sở Khoa học và Công nghệ',
      registered: 4,
      active: 3,
      conflicts: { total: 4, open: 0, resolved: 2, exempted: 1, closed: 1 },
    });
    expect(agencies.SNV).toMatchObject({
      registered: 2,
      active: 1,
      conflicts: { total: 2, resolved: 1, closed: 1 },
    });
    expect(agencies.TTT).toMatchObject({
      registered: 2,
      active: 2,
      conflicts: { total: 2, open: 1, resolved: 1 },
    });
    expect(agencies.THUE).toMatchObject({
      registered: 3,
      active: 3,
      conflicts: { total: 2, open: 1, exempted: 1 },
    });
  });

  it('labels what people read in Vietnamese and English', async () => {
    const { labels } = before;
    expect(labels['enterprises.inspectedMoreThanOnce']).toEqual({
      vi: 'Số doanh nghiệp bị thanh tra, kiểm tra quá 1 lần/năm',
      en: 'Enterprises inspected more than once a year',
    });
    expect(labels.afterCoordination.vi).toContain('cuộc liên ngành tính một lần');
    expect(labels['status.exempted']).toEqual({ vi: 'Được miễn trừ', en: 'Exempted' });
    expect(labels['conflicts.shareResolved'].en).toContain('resolved or exempted');
  });

  it('answers an empty year with zeros and refuses what is not a year', async () => {
    const empty: Report = (await t.http.get('/reports/2031').expect(200)).body;
    expect(empty.enterprises.inspectedMoreThanOnce).toEqual({
      beforeCoordination: 0,
      afterCoordination: 0,
    });
    expect(empty).toMatchObject({
      inspections: { registered: 0, active: 0 },
      byAgency: [],
      conflicts: { total: 0, byRule: [], shareResolved: null },
    });
    const lastYear: Report = (await t.http.get('/reports/2025').expect(200)).body;
    expect(lastYear.enterprises.inspected.beforeCoordination).toBe(1);
    for (const bad of ['1900', 'abc', '20266']) {
      const res = await t.http.get(`/reports/${bad}`).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'year' }] });
    }
  });
});
