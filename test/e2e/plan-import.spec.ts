// Plan files over real HTTP: POST /plans/import (all or nothing, idempotent), GET
// /plans/export (.xlsx/.csv), GET /plans/import/template, and their routing next to
// GET /plans/:id.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { InspectionRepository } from '../../src/registry/inspections/inspection';
import {
  exportPlanCsv,
  exportPlanXlsx,
  type PlanExportRow,
} from '../../src/registry/plan-files/export';
import { parsePlanFile } from '../../src/registry/plan-files/import';
import { PlanImportService } from '../../src/registry/plan-files/plan-import.service';
import { createTestApp, TestApp } from '../support/app';
import {
  ACTOR,
  addInspection,
  AGENCIES,
  createPlan,
  seedAgencies,
  TAX,
} from '../support/factories';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Three clean rows; agencies written as names (any accents/case) and codes (any case). */
const ROWS: PlanExportRow[] = [
  {
    enterpriseName: 'Công ty TNHH Hòa Bình Phú Xuân',
    taxCode: TAX.vnpt,
    address: 'Số 5 Lê Lợi, phường Thuận Hóa, Huế',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường, chất lượng sản phẩm',
    field: 'measurement',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-01', to: '2026-03-31' },
    leadAgency: 'THANH TRA TINH',
    participantAgencies: ['thue'],
    periodUnderReview: '2024 - 2025',
    durationWorkingDays: 5,
    note: 'Ưu tiên',
  },
  {
    // Decomposed (NFD) diacritics, as some macOS tools write them: stored as NFC.
    enterpriseName: 'Chi nhánh Công ty Cổ phần Sông Hương'.normalize('NFD'),
    taxCode: `${TAX.saigonCoop}-001`,
    content: 'Thanh tra phòng cháy, chữa cháy',
    field: 'fire-safety',
    type: 'kiem-tra',
    form: 'remote',
    window: { from: '2026-04-01', to: '2026-06-30' },
    participantAgencies: ['Sở Nội vụ'],
  },
  {
    enterpriseName: 'Hộ kinh doanh Minh Châu',
    taxCode: TAX.viettelPost,
    content: 'Kiểm tra điều kiện kinh doanh',
    field: 'measurement',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-05-04', to: '2026-05-08' },
  },
];

const xlsxOf = (rows: readonly PlanExportRow[], year = 2026) => exportPlanXlsx(rows, { year });

function importFile(
  t: TestApp,
  file: Buffer,
  fields: Record<string, string | number>,
  filename = 'ke-hoach.xlsx',
) {
  let req = t.http.post('/plans/import');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, String(v));
  return req.attach('file', file, filename);
}

async function totals(t: TestApp, year: number) {
  const [plans, inspections, enterprises] = await Promise.all([
    t.http.get(`/plans?year=${year}`).expect(200),
    t.http.get(`/inspections?year=${year}`).expect(200),
    t.http.get('/enterprises').expect(200),
  ]);
  return {
    plans: plans.body.total as number,
    inspections: inspections.body.total as number,
    enterprises: enterprises.body.total as number,
  };
}

/** supertest buffers unknown content types only when asked to. */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('plan files over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('plan_import');
    await seedAgencies(t.http);
  });
  afterAll(() => t.close());

  describe('POST /plans/import', () => {
    let planId: string;

    it('imports a clean file into a new draft plan, agencies resolved by name and code', async () => {
      const res = await importFile(t, await xlsxOf(ROWS), {
        agencyCode: 'skhcn',
        year: 2026,
      }).expect(201);
      expect(res.body).toMatchObject({
        planCreated: true,
        rows: 3,
        created: 3,
        alreadyPresent: 0,
        conflicts: [],
      });
      planId = res.body.planId;

      const plan = await t.http.get(`/plans/${planId}`).expect(200);
      expect(plan.body).toMatchObject({
        agencyCode: 'SKHCN',
        year: 2026,
        kind: 'annual',
        status: 'draft',
        inspectionCount: 3,
      });
      const byTax = new Map<string, Record<string, unknown>>(
        plan.body.inspections.map((i: { taxCode: string }) => [i.taxCode, i]),
      );
      expect(byTax.get(TAX.vnpt)).toMatchObject({
        enterpriseName: 'Công ty TNHH Hòa Bình Phú Xuân',
        leadAgencyCode: 'TTT',
        participantAgencyCodes: ['THUE'],
        content: 'Kiểm tra việc chấp hành pháp luật về đo lường, chất lượng sản phẩm',
        window: { from: '2026-03-01', to: '2026-03-31' },
        durationWorkingDays: 5,
        periodUnderReview: '2024 - 2025',
        notes: 'Ưu tiên',
        state: 'planned',
        createdBy: ACTOR,
      });
      expect(byTax.get(`${TAX.saigonCoop}-001`)).toMatchObject({
        enterpriseName: 'Chi nhánh Công ty Cổ phần Sông Hương'.normalize('NFC'),
        parentTaxCode: TAX.saigonCoop,
        leadAgencyCode: 'SKHCN', // none written: the importing agency leads
        participantAgencyCodes: ['SNV'],
        form: 'remote',
      });

      const enterprise = await t.http.get(`/enterprises/${TAX.vnpt}`).expect(200);
      expect(enterprise.body.name).toBe('Công ty TNHH Hòa Bình Phú Xuân');
      expect(enterprise.body.address).toBe('Số 5 Lê Lợi, phường Thuận Hóa, Huế');
      const branch = await t.http.get(`/enterprises/${TAX.saigonCoop}-001`).expect(200);
      expect(branch.body.name).toBe('Chi nhánh Công ty Cổ phần Sông Hương'.normalize('NFC'));
      expect(branch.body.name).not.toBe('Chi nhánh Công ty Cổ phần Sông Hương'.normalize('NFD'));

      const audit = await t.http.get(`/audit?entityType=plan&entityId=${planId}`).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['created', 'imported']),
      );
    });

    it('is idempotent: the same file again (as .csv too) creates nothing and says so', async () => {
      const again = await importFile(t, await xlsxOf(ROWS), {
        agencyCode: 'SKHCN',
        year: 2026,
      }).expect(201);
      expect(again.body).toMatchObject({
        planId,
        planCreated: false,
        rows: 3,
        created: 0,
        alreadyPresent: 3,
      });
      const csv = await importFile(
        t,
        exportPlanCsv(ROWS),
        { agencyCode: 'SKHCN', year: 2026, planId },
        'ke-hoach.csv',
      ).expect(201);
      expect(csv.body).toMatchObject({ created: 0, alreadyPresent: 3 });
      const plan = await t.http.get(`/plans/${planId}`).expect(200);
      expect(plan.body.inspectionCount).toBe(3);
    });

    it('adds only the new rows when a file grows', async () => {
      const extra: PlanExportRow = {
        ...ROWS[2],
        content: 'Kiểm tra nhãn hàng hóa',
        window: { from: '2026-09-01', to: '2026-09-30' },
      };
      const res = await importFile(t, await xlsxOf([...ROWS, extra]), {
        agencyCode: 'SKHCN',
        year: 2026,
      }).expect(201);
      expect(res.body).toMatchObject({ planId, rows: 4, created: 1, alreadyPresent: 3 });
    });

    it('answers every bad row in one 422 with row, column, en and vi, and changes nothing', async () => {
      const before = await totals(t, 2027);
      const header =
        'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc';
      const lines = [
        header,
        // row 2: clean, and its enterprise is new: must not be created
        `1,Công ty Ánh Dương,${TAX.viettelPost},Kiểm tra đo lường,Đo lường,Tháng 3/2027,Kiểm tra,,,`,
        // row 3: check digit wrong
        `2,Công ty Sai Mã,${TAX.invalid},Kiểm tra đo lường,Đo lường,Tháng 4/2027,Kiểm tra,,,`,
        // row 4: agencies that do not exist (lead by name, participant by code)
        `3,Công ty Đông Á,${TAX.vnpt},Kiểm tra đo lường,Đo lường,Quý II/2027,Kiểm tra,Sở Không Có,XYZ,`,
        // row 5: window outside the plan year and unknown field
        `4,Công ty Hải Vân,${TAX.saigonCoop},Kiểm tra,Nuôi ong,Tháng 3/2025,Kiểm tra,,,`,
        // row 6: 9 working days do not fit in a 5-day window
        `5,Công ty Trường An,0100109106-002,Kiểm tra,Đo lường,04/01/2027 - 08/01/2027,Kiểm tra,,,9`,
        // row 7: the same agency as lead (by code) and participant (by name)
        `6,Công ty Minh Châu,0100109106-003,Kiểm tra,Đo lường,Tháng 5/2027,Kiểm tra,THUE,Thuế tỉnh,`,
      ];
      const res = await importFile(
        t,
        Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8'),
        { agencyCode: AGENCIES.labour.code, year: 2027 },
        'ke-hoach-2027.csv',
      ).expect(422);
      expect(res.body.statusCode).toBe(422);
      expect(res.body.code).toBe('IMPORT_INVALID');
      expect(res.body.message).toMatch(/nothing was imported/);
      const details = res.body.details as Array<Record<string, unknown>>;
      for (const d of details) {
        expect(d).toEqual(
          expect.objectContaining({
            field: expect.stringMatching(/^rows\[\d+\]\./),
            code: expect.any(String),
            message: expect.any(String),
            messageVi: expect.any(String),
            row: expect.any(Number),
            column: expect.any(String),
          }),
        );
      }
      const summary = details.map((d) => `${d.row}|${d.column}|${d.field}|${d.code}`);
      expect(summary).toEqual(
        expect.arrayContaining([
          '3|Mã số thuế|rows[3].taxCode|TAX_CODE_CHECK_DIGIT',
          '4|Đơn vị chủ trì|rows[4].leadAgencyCode|AGENCY_NOT_FOUND',
          '4|Đơn vị phối hợp|rows[4].participantAgencyCodes[0]|AGENCY_NOT_FOUND',
          '5|Lĩnh vực|rows[5].field|FIELD_UNKNOWN',
          '6|Số ngày làm việc|rows[6].durationWorkingDays|DURATION_EXCEEDS_WINDOW',
          '7|Đơn vị phối hợp|rows[7].participantAgencyCodes[0]|PARTICIPANT_IS_LEAD',
        ]),
      );
      expect(summary.some((s) => s.startsWith('5|Thời gian thực hiện|rows[5].window|'))).toBe(true);
      expect(details.some((d) => d.row === 2)).toBe(false);
      const lead = details.find((d) => d.field === 'rows[4].leadAgencyCode')!;
      expect(lead.message).toContain('Sở Không Có');
      expect(lead.messageVi).toContain('Không tìm thấy cơ quan "Sở Không Có"');
      // Sorted by row.
      const rows = details.map((d) => d.row as number);
      expect(rows).toEqual([...rows].sort((a, b) => a - b));

      expect(await totals(t, 2027)).toEqual(before);
      await t.http.get(`/enterprises/${TAX.vnpt}-002`).expect(404);
    });

    it('reads an agency name with a comma, alone in its cell, as one agency', async () => {
      await t.http
        .post('/agencies')
        .send({ code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'specialised' })
        .expect(201);
      const rows: PlanExportRow[] = [
        {
          ...ROWS[2],
          content: 'Kiểm tra quảng cáo ngoài trời',
          leadAgency: undefined,
          participantAgencies: ['Sở Văn hóa, Thể thao và Du lịch'],
        },
        {
          ...ROWS[0],
          content: 'Kiểm tra di sản văn hóa',
          leadAgency: 'So Van hoa, The thao va Du lich',
          participantAgencies: ['Sở Nội vụ'],
        },
      ];
      const res = await importFile(
        t,
        exportPlanCsv(rows),
        { agencyCode: 'TTT', year: 2026 },
        'a.csv',
      );
      expect(res.status).toBe(201);
      const plan = (await t.http.get(`/plans/${res.body.planId}`).expect(200)).body;
      const codes = plan.inspections
        .map((i: { leadAgencyCode: string; participantAgencyCodes: string[] }) =>
          [i.leadAgencyCode, ...i.participantAgencyCodes].join(' '),
        )
        .sort();
      expect(codes).toEqual(['SVHTTDL SNV', 'TTT SVHTTDL']);
    });

    it('refuses a plan that is not a draft with 422 PLAN_NOT_EDITABLE', async () => {
      const plan = await createPlan(t.http, { agencyCode: AGENCIES.tax.code });
      await addInspection(t.http, plan.id, { taxCode: TAX.saigonCoop, enterpriseName: 'Co.op' });
      await t.http.post(`/plans/${plan.id}/submit`).expect(200);
      const res = await importFile(t, await xlsxOf(ROWS), {
        agencyCode: AGENCIES.tax.code,
        year: 2026,
        planId: plan.id,
      }).expect(422);
      expect(res.body.code).toBe('PLAN_NOT_EDITABLE');
    });

    it('refuses a plan of another agency or year, and an unknown plan', async () => {
      const res = await importFile(t, await xlsxOf(ROWS), {
        agencyCode: AGENCIES.labour.code,
        year: 2026,
        planId,
      }).expect(400);
      expect(res.body.details[0]).toMatchObject({
        field: 'planId',
        code: 'PLAN_OF_ANOTHER_AGENCY',
      });
      await importFile(t, await xlsxOf(ROWS), {
        agencyCode: 'SKHCN',
        year: 2026,
        planId: 'nope',
      }).expect(404);
    });

    it('answers 400 naming agencyCode for an unknown agency, and year for a bad year', async () => {
      const res = await importFile(t, await xlsxOf(ROWS), { agencyCode: 'NOPE', year: 2026 });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'agencyCode', code: 'AGENCY_NOT_FOUND' }),
      ]);
      const bad = await importFile(t, await xlsxOf(ROWS), { agencyCode: 'SKHCN', year: 'abc' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('year');
    });

    it('answers 400 naming file when there is none, and when it comes under another name', async () => {
      const none = await t.http
        .post('/plans/import')
        .field('agencyCode', 'SKHCN')
        .field('year', '2026')
        .expect(400);
      expect(none.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(none.body.details[0]).toMatchObject({ field: 'file', code: 'FILE_REQUIRED' });
      const json = await t.http.post('/plans/import').send({ agencyCode: 'SKHCN', year: 2026 });
      expect(json.status).toBe(400);
      expect(json.body.details[0].field).toBe('file');
      const other = await t.http
        .post('/plans/import')
        .field('agencyCode', 'SKHCN')
        .field('year', '2026')
        .attach('upload', await xlsxOf(ROWS), 'ke-hoach.xlsx');
      expect(other.status).toBe(400);
      expect(other.body.details[0]).toMatchObject({ field: 'upload' });
    });

    it('answers 415 naming the file for a type it does not read', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
      const res = await importFile(t, png, { agencyCode: 'SKHCN', year: 2026 }, 'anh.png');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_FILE_TYPE' });
      expect(res.body.details[0]).toMatchObject({ field: 'file', code: 'FILE_TYPE' });
      const xls = Buffer.alloc(64);
      xls.writeUInt32BE(0xd0cf11e0, 0);
      // .xls is read; a broken one is refused naming the file and the way out.
      const legacy = await importFile(t, xls, { agencyCode: 'SKHCN', year: 2026 }, 'cu.xls');
      expect(legacy.status).toBe(422);
      expect(legacy.body.details[0]).toMatchObject({ code: 'FILE_UNREADABLE' });
      expect(legacy.body.details[0].messageVi).toContain('cu.xls');
      expect(legacy.body.details[0].messageVi).toContain('.xlsx');
    });

    it('answers 422 for the template imported as is (only its example row)', async () => {
      const template = await t.http
        .get('/plans/import/template?year=2026')
        .buffer(true)
        .parse(binary)
        .expect(200);
      const res = await importFile(t, template.body as Buffer, {
        agencyCode: 'SKHCN',
        year: 2026,
      }).expect(422);
      expect(res.body.details[0]).toMatchObject({ field: 'file', code: 'FILE_EMPTY' });
    });

    it('two concurrent imports of one file create each inspection once', async () => {
      const plan = await createPlan(t.http, { agencyCode: AGENCIES.inspectorate.code });
      const file = await xlsxOf(ROWS);
      const fields = { agencyCode: AGENCIES.inspectorate.code, year: 2026, planId: plan.id };
      const [a, b] = await Promise.all([importFile(t, file, fields), importFile(t, file, fields)]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.created + b.body.created).toBe(3);
      expect(a.body.alreadyPresent + b.body.alreadyPresent).toBe(3);
      const stored = await t.http.get(`/plans/${plan.id}`).expect(200);
      expect(stored.body.inspectionCount).toBe(3);
    });

    it('removes what it wrote when an insert fails midway, and answers 500', async () => {
      const importer = t.app.get(PlanImportService);
      const repo = t.app.get(InspectionRepository);
      const real = repo.insertNewImports.bind(repo);
      let calls = 0;
      const spy = jest.spyOn(repo, 'insertNewImports').mockImplementation(async (chunk) => {
        calls += 1;
        const r = await real(chunk);
        if (calls === 2) throw new Error('simulated: disk full after a partial write');
        return r;
      });
      importer.chunkSize = 1;
      try {
        const plan = await createPlan(t.http, { agencyCode: AGENCIES.audit.code });
        const before = await t.http.get('/inspections?year=2026&pageSize=1').expect(200);
        const res = await importFile(t, await xlsxOf(ROWS), {
          agencyCode: AGENCIES.audit.code,
          year: 2026,
          planId: plan.id,
        });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          message: 'An unexpected error occurred',
        });
        expect(calls).toBe(2);
        const after = await t.http.get('/inspections?year=2026&pageSize=1').expect(200);
        expect(after.body.total).toBe(before.body.total);
        expect((await t.http.get(`/plans/${plan.id}`).expect(200)).body.inspectionCount).toBe(0);
      } finally {
        spy.mockRestore();
        importer.chunkSize = 1000;
      }
    });
  });

  describe('GET /plans/export and the template', () => {
    let cancelledContent: string;
    beforeAll(async () => {
      // A formula-like content, a cancelled inspection and a withdrawn plan.
      const plans = await t.http.get('/plans?year=2026&agencyCode=SKHCN').expect(200);
      const planId = plans.body.items[0].id as string;
      await addInspection(t.http, planId, {
        taxCode: TAX.viettelPost,
        content: '=HYPERLINK("http://evil.example","bấm")',
        window: { from: '2026-10-01', to: '2026-10-31' },
      });
      cancelledContent = 'Kiểm tra sẽ bị hủy';
      const cancelled = await addInspection(t.http, planId, {
        taxCode: TAX.viettelPost,
        content: cancelledContent,
        window: { from: '2026-11-01', to: '2026-11-30' },
      });
      await t.http
        .patch(`/inspections/${cancelled.id}`)
        .send({ revision: cancelled.revision, state: 'cancelled', stateReason: 'Trùng lịch' })
        .expect(200);
      const withdrawn = await createPlan(t.http, { agencyCode: AGENCIES.labour.code });
      await addInspection(t.http, withdrawn.id, { content: 'Trong kế hoạch đã rút' });
      await t.http
        .post(`/plans/${withdrawn.id}/withdraw`)
        .send({ reason: 'Rút kế hoạch' })
        .expect(200);
    });

    it('exports csv with a BOM, CRLF, attachment headers and neutralised formulas', async () => {
      const res = await t.http
        .get('/plans/export?year=2026&format=csv')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="ke-hoach-thanh-tra-kiem-tra-2026.csv"',
      );
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parse(body, { bom: true }) as string[][];
      const text = body.toString('utf8');
      expect(text).toContain('\r\n');
      expect(text).toContain('Công ty TNHH Hòa Bình Phú Xuân');
      const contents = records.slice(1).map((r) => r[4]);
      expect(contents).toContain('\'=HYPERLINK("http://evil.example","bấm")');
      expect(contents).not.toContain(cancelledContent);
      expect(contents).not.toContain('Trong kế hoạch đã rút');
      for (const r of records) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
      // Agencies by name, as readers know them.
      expect(text).toContain('Thanh tra tỉnh');
    });

    it('exports xlsx that parses back to the same inspections', async () => {
      const res = await t.http
        .get('/plans/export?year=2026&agencyCode=skhcn')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="ke-hoach-thanh-tra-kiem-tra-2026-skhcn.xlsx"',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      expect(wb.worksheets[0].name).toBe('Kế hoạch');
      const parsed = await parsePlanFile(res.body as Buffer, { agencyCode: 'X', year: 2026 });
      expect(parsed.errors).toEqual([]);
      const plan = (await t.http.get('/plans?year=2026&agencyCode=SKHCN').expect(200)).body
        .items[0];
      const stored = (await t.http.get(`/plans/${plan.id}`).expect(200)).body.inspections as Array<{
        content: string;
        state: string;
      }>;
      const active = stored.filter((i) => i.state !== 'cancelled').map((i) => i.content);
      expect(parsed.rows.map((r) => r.content).sort()).toEqual(active.sort());
    });

    it('round trips: the export of one agency imports into another agency', async () => {
      const exported = await t.http
        .get('/plans/export?year=2026&agencyCode=SKHCN&format=csv')
        .buffer(true)
        .parse(binary)
        .expect(200);
      const res = await importFile(
        t,
        exported.body as Buffer,
        { agencyCode: 'THUE', year: 2026 },
        'tong-hop.csv',
      ).expect(201);
      expect(res.body.planCreated).toBe(true);
      expect(res.body.created).toBe(res.body.rows);
      const plan = (await t.http.get(`/plans/${res.body.planId}`).expect(200)).body;
      expect(plan.agencyCode).toBe('THUE');
      expect(plan.inspections.map((i: { content: string }) => i.content)).toContain(
        '=HYPERLINK("http://evil.example","bấm")',
      );
      const vnpt = plan.inspections.find((i: { taxCode: string }) => i.taxCode === TAX.vnpt);
      expect(vnpt).toMatchObject({ leadAgencyCode: 'TTT', participantAgencyCodes: ['THUE'] });
    });

    it('answers 400 for an unknown agency and for a bad format', async () => {
      const a = await t.http.get('/plans/export?year=2026&agencyCode=NOPE').expect(400);
      expect(a.body.details[0].field).toBe('agencyCode');
      const f = await t.http.get('/plans/export?year=2026&format=pdf').expect(400);
      expect(f.body.details[0].field).toBe('format');
    });

    it('downloads the import template as xlsx', async () => {
      const res = await t.http
        .get('/plans/import/template?year=2027')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toContain('mau-ke-hoach-thanh-tra-kiem-tra-2027');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Kế hoạch', 'Danh mục']);
      expect(String(wb.worksheets[0].getCell('A1').value)).toContain('2027');
    });

    it('is not captured by GET /plans/:id', async () => {
      const missingYear = await t.http.get('/plans/export').expect(400);
      expect(missingYear.body.code).toBe('VALIDATION_FAILED');
      expect(missingYear.body.details.map((d: { field: string }) => d.field)).toContain('year');
      await t.http.get('/plans/import/template').expect(200);
      const plans = await t.http.get('/plans?year=2026').expect(200);
      await t.http.get(`/plans/${plans.body.items[0].id}`).expect(200);
      await t.http.get('/plans/not-a-plan').expect(404);
    });
  });
});

describe('plan import upload limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('plan_import_limit', { UPLOAD_LIMIT_BYTES: '4096' });
    await seedAgencies(t.http, [AGENCIES.science]);
  });
  afterAll(() => t.close());

  it('answers 413 in the API error format for a file over UPLOAD_LIMIT_BYTES', async () => {
    const big = Buffer.alloc(64 * 1024, 'a');
    const res = await t.http
      .post('/plans/import')
      .field('agencyCode', 'SKHCN')
      .field('year', '2026')
      .attach('file', big, 'lon.csv');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The file is larger than the limit of 4096 bytes',
    });
    expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message', 'statusCode']);
    expect(res.body.details[0]).toMatchObject({ field: 'file', code: 'FILE_TOO_LARGE' });
    expect((await t.http.get('/plans?year=2026').expect(200)).body.total).toBe(0);
  });
});
