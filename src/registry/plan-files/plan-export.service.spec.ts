import ExcelJS from 'exceljs';
import { FakeAgencyRepository } from '../../agencies/testing/fake-agency-repository';
import { FakeClock } from '../../common/testing/fake-clock';
import { builtInFields } from '../testing/fake-ports';
import { FakeInspectionRepository } from '../testing/fake-repositories';
import { AGENCIES, aPlan, anInspection, TAX } from '../testing/fixtures';
import { parsePlanFile } from './import';
import { PlanExportService } from './plan-export.service';

function setup() {
  const skhcn = aPlan({ id: 'p-skhcn', status: 'approved' });
  const snv = aPlan({ id: 'p-snv', agencyCode: 'SNV' });
  const gone = aPlan({ id: 'p-gone', agencyCode: 'SNV', status: 'withdrawn' });
  const inspections = new FakeInspectionRepository([
    anInspection(skhcn, 'i-late', {
      window: { from: '2026-09-01', to: '2026-09-30' },
      participantAgencyCodes: ['SNV'],
    }),
    anInspection(snv, 'i-early', {
      taxCode: TAX.viettelPost,
      parentTaxCode: TAX.viettelPost,
      enterpriseName: 'Tổng công ty Bưu chính Viettel',
      leadAgencyCode: 'SNV',
      window: { from: '2026-02-02', to: '2026-02-27' },
    }),
    anInspection(skhcn, 'i-cancelled', {}, { state: 'cancelled' }),
    anInspection(skhcn, 'i-merged', {}, { state: 'merged', mergedInto: 'i-late' }),
    anInspection(gone, 'i-withdrawn', {}, { planStatus: 'withdrawn' }),
    anInspection(aPlan({ id: 'p-2025', year: 2025 }), 'i-2025', {
      window: { from: '2025-05-01', to: '2025-05-31' },
    }),
  ]);
  const service = new PlanExportService(
    inspections,
    new FakeAgencyRepository(AGENCIES),
    builtInFields(),
    new FakeClock(),
  );
  return { service };
}

async function rowsOf(body: Buffer, mimeType: string) {
  const parsed = await parsePlanFile(body, { agencyCode: 'SKHCN', year: 2026, mimeType });
  return parsed.rows.map((r) => [r.taxCode, r.window.from, r.leadAgency, r.participantAgencies]);
}

describe('PlanExportService', () => {
  it('refuses an unknown agency, naming the field', async () => {
    const { service } = setup();
    await expect(
      service.export({ year: 2026, format: 'csv', agencyCode: 'nope' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'agencyCode', code: 'AGENCY_NOT_FOUND', message: 'agency NOPE does not exist' },
      ],
    });
  });

  it('exports the year by visit window, agencies by name, leaving out cancelled, merged and withdrawn ones', async () => {
    const { service } = setup();
    const file = await service.export({ year: 2026, format: 'csv' });
    expect([file.contentType, file.filename]).toEqual([
      'text/csv; charset=utf-8',
      'ke-hoach-thanh-tra-kiem-tra-2026.csv',
    ]);
    expect(await rowsOf(file.body, 'text/csv')).toEqual([
      [TAX.viettelPost, '2026-02-02', 'Sở Nội vụ', []],
      [TAX.vnpt, '2026-09-01', 'Sở Khoa học và Công nghệ', ['Sở Nội vụ']],
    ]);
  });

  it('keeps one agency’s plans in an .xlsx named for it, titled with its name', async () => {
    const { service } = setup();
    const file = await service.export({ year: 2026, format: 'xlsx', agencyCode: ' skhcn ' });
    expect([file.contentType, file.filename]).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'ke-hoach-thanh-tra-kiem-tra-2026-skhcn.xlsx',
    ]);
    expect(await rowsOf(file.body, file.contentType)).toEqual([
      [TAX.vnpt, '2026-09-01', 'Sở Khoa học và Công nghệ', ['Sở Nội vụ']],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const texts = wb.worksheets[0]
      .getSheetValues()
      .flat()
      .filter((v): v is string => typeof v === 'string');
    expect(texts).toContain(
      'KẾ HOẠCH THANH TRA, KIỂM TRA DOANH NGHIỆP NĂM 2026 – SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    );
  });

  it('builds the import template for next year when no year is given', async () => {
    const { service } = setup();
    const file = await service.template();
    expect([file.contentType, file.filename]).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'mau-ke-hoach-thanh-tra-kiem-tra-2027.xlsx',
    ]);
    expect((await service.template(2030)).filename).toBe(
      'mau-ke-hoach-thanh-tra-kiem-tra-2030.xlsx',
    );
  });
});
