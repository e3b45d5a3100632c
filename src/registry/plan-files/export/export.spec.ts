import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { parsePlanFile } from '../import/parse-plan-file';
import type { ImportedInspectionRow } from '../import/import-types';
import { EXPORT_COLUMNS } from '../import/plan-columns';
import { exportPlanCsv } from './export-csv';
import { buildImportTemplateXlsx, exportPlanXlsx } from './export-xlsx';
import { neutraliseFormula } from './formula-guard';
import { unquoteFormulaGuard } from '../import/plan-row';
import { formatVisitWindow, type PlanExportRow } from './plan-export-row';

const YEAR = 2026;
const ROWS: PlanExportRow[] = [
  {
    enterpriseName: 'Công ty TNHH Hòa Bình',
    taxCode: '0100109106',
    address: 'Số 5 Lê Lợi, phường Thuận Hóa, Huế',
    content: 'Kiểm tra việc chấp hành pháp luật về thuế',
    field: 'tax',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-01', to: '2026-03-31' },
    leadAgency: 'Thuế tỉnh',
    participantAgencies: ['Sở Văn hóa, Thể thao và Du lịch', 'Công an tỉnh'],
    periodUnderReview: '2024 - 2025',
    durationWorkingDays: 5,
    note: 'Ưu tiên',
  },
  {
    enterpriseName: 'Chi nhánh Công ty CP Sông Hương tại Đà Nẵng',
    taxCode: '0300588569-001',
    content: 'Thanh tra phòng cháy, chữa cháy',
    field: 'fire-safety',
    type: 'thanh-tra',
    form: 'remote',
    window: { from: '2026-04-01', to: '2026-06-30' },
  },
  {
    enterpriseName: 'Hộ kinh doanh Minh Châu',
    taxCode: '0101248141',
    content: '- Kiểm tra nguồn gốc thực phẩm;\n- Điều kiện bảo quản',
    field: 'food-safety',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-05-04', to: '2026-05-08' },
  },
  {
    enterpriseName: '=HYPERLINK("http://evil.example","bấm vào")',
    taxCode: '0100109106',
    content: "+cmd|' /C calc'!A0",
    field: 'labour',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-03-01', to: '2026-05-31' },
    note: '@SUM(1+1)',
    leadAgency: '-2+3',
  },
  {
    enterpriseName: 'Công ty Ánh Dương',
    taxCode: '0300588569',
    content: 'Kiểm tra môi trường',
    field: 'environment',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: '2026-09-15', to: '2026-09-15' },
  },
];

/** What an exported row reads back as (row numbers and keys aside). */
function expected(r: PlanExportRow) {
  return {
    enterpriseName: r.enterpriseName,
    taxCode: r.taxCode,
    content: r.content,
    field: r.field,
    type: r.type,
    form: r.form,
    window: r.window,
    participantAgencies: r.participantAgencies ?? [],
    ...(r.address ? { address: r.address } : {}),
    ...(r.leadAgency ? { leadAgency: r.leadAgency } : {}),
    ...(r.periodUnderReview ? { periodUnderReview: r.periodUnderReview } : {}),
    ...(r.durationWorkingDays ? { durationWorkingDays: r.durationWorkingDays } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}
function comparable(r: ImportedInspectionRow) {
  const {
    row: _row,
    sequence: _seq,
    idempotencyKey: _key,
    parentTaxCode: _p,
    isBranch: _b,
    windowPrecision: _w,
    guesses,
    ...rest
  } = r;
  // An export reads back with every reading certain.
  expect(guesses).toEqual([]);
  return rest;
}

describe('formatVisitWindow', () => {
  it.each([
    [{ from: '2026-03-15', to: '2026-03-15' }, '15/03/2026'],
    [{ from: '2026-03-01', to: '2026-03-31' }, 'Tháng 3/2026'],
    [{ from: '2026-04-01', to: '2026-06-30' }, 'Quý II/2026'],
    [{ from: '2026-03-01', to: '2026-05-31' }, '03-05/2026'],
    [{ from: '2026-01-01', to: '2026-12-31' }, 'Năm 2026'],
    [{ from: '2026-03-02', to: '2026-03-31' }, '02/03/2026 - 31/03/2026'],
    [{ from: '2026-12-01', to: '2027-01-31' }, '01/12/2026 - 31/01/2027'],
  ])('%j → %s', (w, text) => {
    expect(formatVisitWindow(w)).toBe(text);
  });
});

describe('neutraliseFormula', () => {
  const DANGEROUS = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1'];
  const SEPARATORS = [';=1+1', '|calc', "|cmd'!A0", '；1', '｜1'];
  it.each([...DANGEROUS, ...SEPARATORS])('prefixes %p', (t) => {
    expect(neutraliseFormula(t)).toBe(`'${t}`);
  });
  it.each([...DANGEROUS, ...SEPARATORS])('gives %p back on import', (t) => {
    expect(unquoteFormulaGuard(neutraliseFormula(t))).toBe(t);
  });
  it.each(['Công ty', '0100109106', "'quoted", 'a=b', ''])('leaves %p alone', (t) => {
    expect(neutraliseFormula(t)).toBe(t);
  });
});

describe('exportPlanXlsx', () => {
  it('writes a bold, frozen header with widths, Vietnamese text and no formulas', async () => {
    const buf = await exportPlanXlsx(ROWS, {
      year: YEAR,
      generatedAt: new Date(Date.UTC(2026, 0, 1)),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Kế hoạch');
    expect(String(ws.getCell('A1').value)).toContain('NĂM 2026');
    const header = ws.getRow(3);
    expect(EXPORT_COLUMNS.map((_, i) => header.getCell(i + 1).value)).toEqual(
      EXPORT_COLUMNS.map((c) => c.header),
    );
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(EXPORT_COLUMNS.map((_, i) => ws.getColumn(i + 1).width)).toEqual(
      EXPORT_COLUMNS.map((c) => c.width),
    );
    expect(ws.getColumn(2).width).toBe(36); // the enterprise name column is wide
    expect(ws.getCell('B4').value).toBe('Công ty TNHH Hòa Bình');
    expect(ws.getCell('C4').value).toBe('0100109106');
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
    // The injected row: every dangerous cell starts with an apostrophe.
    expect(ws.getCell('B7').value).toBe(`'${ROWS[3].enterpriseName}`);
    expect(ws.getCell('E7').value).toBe(`'${ROWS[3].content}`);
  });

  it('round trips: export → import gives the same rows, injected text included', async () => {
    const buf = await exportPlanXlsx(ROWS, { year: YEAR });
    const r = await parsePlanFile(buf, { agencyCode: 'ALL', year: YEAR, filename: 'export.xlsx' });
    expect(r.errors).toEqual([]);
    expect(r.rows.map(comparable)).toEqual(ROWS.map(expected));
    expect(r.rows.map((x) => x.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps NFC text when the source was NFD', async () => {
    const nfd = { ...ROWS[0], enterpriseName: ROWS[0].enterpriseName.normalize('NFD') };
    const r = await parsePlanFile(await exportPlanXlsx([nfd], { year: YEAR }), {
      agencyCode: 'A',
      year: YEAR,
    });
    expect(r.rows[0].enterpriseName).toBe('Công ty TNHH Hòa Bình'.normalize('NFC'));
  });
});

describe('exportPlanCsv', () => {
  it('starts with a UTF-8 BOM, uses CRLF and keeps diacritics', () => {
    const buf = exportPlanCsv(ROWS);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).toContain('Công ty TNHH Hòa Bình');
    expect(text.slice(1).split('\r\n')[0]).toBe(EXPORT_COLUMNS.map((c) => c.header).join(','));
  });

  it('neutralises every cell that could run as a formula', () => {
    const records = parse(exportPlanCsv(ROWS), {
      bom: true,
      relax_column_count: true,
    }) as string[][];
    for (const record of records) {
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const injected = records[4];
    expect(injected[1]).toBe(`'${ROWS[3].enterpriseName}`);
    expect(injected).toContain("'@SUM(1+1)");
    expect(injected).toContain("'-2+3");
  });

  it('round trips: export → import gives the same rows', async () => {
    const r = await parsePlanFile(exportPlanCsv(ROWS), {
      agencyCode: 'ALL',
      year: YEAR,
      filename: 'export.csv',
    });
    expect(r.errors).toEqual([]);
    expect(r.rows.map(comparable)).toEqual(ROWS.map(expected));
  });

  it('gives the same idempotency keys as the xlsx export, so re-importing either adds nothing', async () => {
    const fromCsv = await parsePlanFile(exportPlanCsv(ROWS), {
      agencyCode: 'A',
      year: YEAR,
      filename: 'x.csv',
    });
    const fromXlsx = await parsePlanFile(await exportPlanXlsx(ROWS, { year: YEAR }), {
      agencyCode: 'A',
      year: YEAR,
    });
    expect(fromCsv.rows.map((x) => x.idempotencyKey)).toEqual(
      fromXlsx.rows.map((x) => x.idempotencyKey),
    );
  });
});

describe('buildImportTemplateXlsx', () => {
  it('has the header, an example row, drop-downs and a sheet of allowed values', async () => {
    const buf = await buildImportTemplateXlsx({ year: YEAR });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const [plan, lists] = wb.worksheets;
    expect(plan.getRow(3).getCell(3).value).toBe('Mã số thuế');
    expect(plan.getCell('B4').value).toBe('Công ty TNHH Ví Dụ');
    const typeCol = EXPORT_COLUMNS.findIndex((c) => c.key === 'type') + 1;
    expect(plan.getCell(10, typeCol).dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"Thanh tra,Kiểm tra"'],
    });
    expect(lists.name).toBe('Danh mục');
    const listed = lists.getColumn(1).values.filter(Boolean);
    expect(listed).toEqual(
      expect.arrayContaining(['Lĩnh vực', 'Thuế', 'Lao động', 'Phòng cháy, chữa cháy']),
    );
    expect(lists.getColumn(3).values.filter(Boolean)).toEqual(['Loại', 'Thanh tra', 'Kiểm tra']);
    expect(lists.getColumn(4).values.filter(Boolean)).toEqual(['Hình thức', 'Trực tiếp', 'Từ xa']);
  });

  it('imports nothing from the untouched template, and the rows a user adds', async () => {
    const buf = await buildImportTemplateXlsx({ year: YEAR });
    const untouched = await parsePlanFile(buf, { agencyCode: 'A', year: YEAR });
    expect(untouched.errors.map((e) => e.code)).toEqual(['FILE_EMPTY']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    wb.worksheets[0].getRow(5).values = [
      1,
      'Công ty Mới',
      '0101248141',
      '',
      'Kiểm tra lao động',
      'Lao động',
      'Quý 3',
      'Kiểm tra',
      'Từ xa',
    ];
    const filled = await parsePlanFile(Buffer.from(await wb.xlsx.writeBuffer()), {
      agencyCode: 'A',
      year: YEAR,
    });
    expect(filled.errors).toEqual([]);
    expect(filled.rows).toEqual([
      expect.objectContaining({
        row: 5,
        taxCode: '0101248141',
        field: 'labour',
        type: 'kiem-tra',
        form: 'remote',
        window: { from: '2026-07-01', to: '2026-09-30' },
      }),
    ]);
  });
});
