import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { parsePlanFile } from './parse-plan-file';
import type { ImportResult, ParsePlanOptions } from './import-types';
import { inspectionIdempotencyKey } from './idempotency-key';

// Fixtures are built here, in the shapes agencies send: title rows, merged headers, numbers.
type Cell = string | number | Date | null;

async function xlsx(
  rows: Cell[][],
  tweak?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('KH 2026');
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v !== null) ws.getCell(i + 1, j + 1).value = v;
    });
  });
  tweak?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: Cell[][], opts: { delimiter?: string; bom?: boolean } = {}): Buffer {
  const text = stringify(rows, { delimiter: opts.delimiter ?? ',', record_delimiter: 'windows' });
  return Buffer.from((opts.bom ? '\ufeff' : '') + text, 'utf8');
}

const HEADER = [
  'STT',
  'Tên doanh nghiệp',
  'Mã số thuế',
  'Địa chỉ',
  'Nội dung',
  'Lĩnh vực',
  'Thời gian thực hiện',
  'Hình thức',
  'Loại',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Ghi chú',
];
const ROW_A: Cell[] = [
  1,
  'Công ty TNHH Hòa Bình',
  '0100109106',
  'Số 5 Lê Lợi, Huế',
  'Kiểm tra việc chấp hành pháp luật về thuế',
  'Thuế',
  'Tháng 3/2026',
  'Trực tiếp',
  'Kiểm tra',
  'Cục Thuế',
  'Sở Tài chính; Công an tỉnh',
  '',
];
const ROW_B: Cell[] = [
  2,
  'Công ty Cổ phần Sông Hương',
  '0300588569-001',
  'Đà Nẵng',
  'Thanh tra PCCC',
  'PCCC',
  'Quý II/2026',
  'Từ xa',
  'Thanh tra',
  'Thanh tra tỉnh',
  '',
  'Chi nhánh',
];
const ROW_C: Cell[] = [
  3,
  'Hộ kinh doanh Minh Châu',
  '0101248141',
  '',
  'Kiểm tra an toàn thực phẩm',
  'An toàn thực phẩm',
  '01/04/2026 - 15/04/2026',
  '',
  'Kiểm tra',
  '',
  '',
  '',
];
const TITLE: Cell[][] = [
  ['UBND TỈNH THỪA THIÊN HUẾ'],
  ['KẾ HOẠCH THANH TRA, KIỂM TRA DOANH NGHIỆP NĂM 2026'],
  ['(Kèm theo Quyết định số 12/QĐ-UBND ngày 10/12/2025)'],
];

const opts: ParsePlanOptions = { agencyCode: 'SO-TC', year: 2026, filename: 'plan.xlsx' };
const csvOpts: ParsePlanOptions = { ...opts, filename: 'plan.csv', mimeType: 'text/csv' };

function expectNoErrors(r: ImportResult) {
  expect(r.errors).toEqual([]);
}

describe('parsePlanFile: xlsx', () => {
  it('finds the header under title rows and reads every column', async () => {
    const r = await parsePlanFile(await xlsx([...TITLE, [], HEADER, ROW_A, ROW_B, ROW_C]), opts);
    expectNoErrors(r);
    expect(r.headerRow).toBe(5);
    expect(r.sheet).toBe('KH 2026');
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0]).toMatchObject({
      row: 6,
      sequence: 1,
      enterpriseName: 'Công ty TNHH Hòa Bình',
      taxCode: '0100109106',
      parentTaxCode: '0100109106',
      isBranch: false,
      address: 'Số 5 Lê Lợi, Huế',
      field: 'tax',
      type: 'kiem-tra',
      form: 'on-site',
      window: { from: '2026-03-01', to: '2026-03-31' },
      windowPrecision: 'month',
      leadAgency: 'Cục Thuế',
      participantAgencies: ['Sở Tài chính', 'Công an tỉnh'],
    });
    expect(r.rows[1]).toMatchObject({
      taxCode: '0300588569-001',
      parentTaxCode: '0300588569',
      isBranch: true,
      field: 'fire-safety',
      type: 'thanh-tra',
      form: 'remote',
      window: { from: '2026-04-01', to: '2026-06-30' },
      note: 'Chi nhánh',
    });
    // Blank form → on-site; blank lead → absent (the importing agency leads).
    expect(r.rows[2]).toMatchObject({
      form: 'on-site',
      participantAgencies: [],
      field: 'food-safety',
    });
    expect(r.rows[2].leadAgency).toBeUndefined();
    expect(r.rows[2].idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'no diacritics',
      [
        'stt',
        'Ten doanh nghiep',
        'Ma so thue',
        'Noi dung',
        'Linh vuc',
        'Thoi gian thuc hien',
        'Loai',
      ],
    ],
    ['abbreviations', ['TT', 'Tên DN', 'MST', 'Nội dung', 'Lĩnh vực', 'Thời gian', 'Loại']],
    [
      'upper case, newlines, spaces',
      [
        'S T T',
        'TÊN DOANH  NGHIỆP',
        'MÃ SỐ\nTHUẾ',
        ' NỘI DUNG ',
        'LĨNH VỰC',
        'Thời gian\r\nthực hiện',
        'LOẠI',
      ],
    ],
    [
      'parentheses',
      [
        'STT',
        'Tên doanh nghiệp (tổ chức)',
        'Mã số thuế (MST)',
        'Nội dung thanh tra, kiểm tra',
        'Lĩnh vực',
        'Thời gian thực hiện (dự kiến)',
        'Loại (Thanh tra/Kiểm tra)',
      ],
    ],
    [
      'NFD header text',
      [
        'STT',
        'Tên doanh nghiệp'.normalize('NFD'),
        'Mã số thuế'.normalize('NFD'),
        'Nội dung'.normalize('NFD'),
        'Lĩnh vực'.normalize('NFD'),
        'Thời gian thực hiện'.normalize('NFD'),
        'Loại'.normalize('NFD'),
      ],
    ],
  ])('recognises header variants: %s', async (_name, header) => {
    const row: Cell[] = [
      1,
      'Công ty A',
      '0100109106',
      'Nội dung',
      'Lao động',
      'T3/2026',
      'Kiểm tra',
    ];
    const r = await parsePlanFile(await xlsx([['KẾ HOẠCH'], header, row]), opts);
    expectNoErrors(r);
    expect(r.rows[0]).toMatchObject({
      taxCode: '0100109106',
      field: 'labour',
      type: 'kiem-tra',
      content: 'Nội dung',
    });
  });

  it('reads two-row merged headers, a column-number row and merged data cells', async () => {
    const top: Cell[] = [
      'STT',
      'Tên doanh nghiệp',
      'Mã số thuế',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian thực hiện',
      'Đơn vị thực hiện',
      null,
      'Loại',
    ];
    const sub: Cell[] = [null, null, null, null, null, null, 'Chủ trì', 'Phối hợp', null];
    const numbers: Cell[] = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)'];
    const d1: Cell[] = [
      1,
      'Công ty A',
      '0100109106',
      'Nội dung A',
      'Xây dựng',
      'Quý 3',
      'Sở Xây dựng',
      'Công an tỉnh',
      'Kiểm tra',
    ];
    const d2: Cell[] = [
      2,
      'Công ty B',
      '0300588569',
      'Nội dung B',
      'Xây dựng',
      null,
      'Sở Xây dựng',
      null,
      'Kiểm tra',
    ];
    const buf = await xlsx([['KẾ HOẠCH KIỂM TRA'], top, sub, numbers, d1, d2], (ws) => {
      for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'I']) ws.mergeCells(`${c}2:${c}3`);
      ws.mergeCells('G2:H2');
      ws.mergeCells('F5:F6'); // one window for both enterprises
    });
    const r = await parsePlanFile(buf, opts);
    expectNoErrors(r);
    expect(
      r.rows.map((x) => [x.row, x.window.from, x.window.to, x.leadAgency, x.participantAgencies]),
    ).toEqual([
      [5, '2026-07-01', '2026-09-30', 'Sở Xây dựng', ['Công an tỉnh']],
      [6, '2026-07-01', '2026-09-30', 'Sở Xây dựng', []],
    ]);
  });

  it('restores the leading zero of tax codes stored as numbers and reads Excel date cells', async () => {
    const header = [
      'STT',
      'Tên doanh nghiệp',
      'Mã số thuế',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian thực hiện',
      'Loại',
    ];
    const buf = await xlsx(
      [
        header,
        [
          1,
          'Công ty A',
          100109106,
          'Nội dung',
          'Thuế',
          new Date(Date.UTC(2026, 4, 20)),
          'Kiểm tra',
        ],
        [2, 'Công ty A - chi nhánh', 100109106001, 'Nội dung', 'Thuế', 'T5/2026', 'Kiểm tra'],
      ],
      (ws) => {
        ws.getCell('F2').numFmt = 'dd/mm/yyyy';
      },
    );
    const r = await parsePlanFile(buf, opts);
    expectNoErrors(r);
    expect(r.rows[0]).toMatchObject({
      taxCode: '0100109106',
      window: { from: '2026-05-20', to: '2026-05-20' },
    });
    expect(r.rows[1]).toMatchObject({ taxCode: '0100109106-001', parentTaxCode: '0100109106' });
  });

  it('reads rich text, formula results and the first sheet with a table', async () => {
    const buf = await xlsx([], (ws, wb) => {
      ws.getCell('A1').value = 'Ghi chú: trang bìa';
      const plan = wb.addWorksheet('Bảng');
      plan.addRow([
        'STT',
        'Tên doanh nghiệp',
        'Mã số thuế',
        'Nội dung',
        'Lĩnh vực',
        'Thời gian thực hiện',
        'Loại',
      ]);
      plan.addRow([
        { formula: 'ROW()-1', result: 1 },
        { richText: [{ text: 'Công ty ' }, { font: { bold: true }, text: 'Rạng Đông' }] },
        '0100109106',
        'Nội dung',
        'Y tế',
        'Tháng 10/2026',
        'Thanh tra',
      ]);
    });
    const r = await parsePlanFile(buf, opts);
    expectNoErrors(r);
    expect(r.sheet).toBe('Bảng');
    expect(r.rows[0]).toMatchObject({
      sequence: 1,
      enterpriseName: 'Công ty Rạng Đông',
      field: 'health',
    });
  });

  it('skips section, total and signature rows but reports a numbered row missing its data (its field comes from the section row)', async () => {
    const buf = await xlsx([
      HEADER,
      ['I', 'LĨNH VỰC THUẾ'],
      ROW_A,
      ['Tổng cộng', '1 doanh nghiệp'],
      [],
      [2, 'Công ty thiếu mã'],
      [null, null, null, null, null, null, null, null, null, 'NGƯỜI LẬP BIỂU'],
    ]);
    const r = await parsePlanFile(buf, opts);
    expect(r.rows).toHaveLength(1);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [6, 'TAX_CODE_REQUIRED'],
      [6, 'CONTENT_REQUIRED'],
      [6, 'WINDOW_REQUIRED'],
      [6, 'TYPE_REQUIRED'],
    ]);
  });
});

describe('parsePlanFile: csv', () => {
  it('reads UTF-8 with BOM and commas', async () => {
    const r = await parsePlanFile(csv([HEADER, ROW_A, ROW_B], { bom: true }), csvOpts);
    expectNoErrors(r);
    expect(r.rows.map((x) => x.taxCode)).toEqual(['0100109106', '0300588569-001']);
    expect(r.rows[0].enterpriseName).toBe('Công ty TNHH Hòa Bình');
  });

  it('reads UTF-8 without BOM and semicolons, with title lines and quoted multi-line cells', async () => {
    const multi: Cell[] = [...ROW_C];
    multi[4] = 'Kiểm tra:\n- nguồn gốc thực phẩm;\n- điều kiện bảo quản';
    const r = await parsePlanFile(
      csv([...TITLE, HEADER, ROW_A, multi], { delimiter: ';' }),
      csvOpts,
    );
    expectNoErrors(r);
    expect(r.headerRow).toBe(4);
    expect(r.rows.map((x) => x.row)).toEqual([5, 6]);
    expect(r.rows[0].address).toBe('Số 5 Lê Lợi, Huế');
    expect(r.rows[1].content).toBe('Kiểm tra:\n- nguồn gốc thực phẩm;\n- điều kiện bảo quản');
  });

  it('NFC-normalises NFD text from macOS', async () => {
    const nfd = [HEADER, ROW_A].map((r) =>
      r.map((c) => (typeof c === 'string' ? c.normalize('NFD') : c)),
    );
    const r = await parsePlanFile(csv(nfd), csvOpts);
    expectNoErrors(r);
    expect(r.rows[0].enterpriseName).toBe('Công ty TNHH Hòa Bình'.normalize('NFC'));
    expect(r.rows[0].enterpriseName).not.toBe('Công ty TNHH Hòa Bình'.normalize('NFD'));
    expect(r.rows[0].idempotencyKey).toBe(
      (await parsePlanFile(csv([HEADER, ROW_A]), csvOpts)).rows[0].idempotencyKey,
    );
  });

  it('reads Excel "Unicode text" (UTF-16LE, tabs) and restores zeros lost by Excel', async () => {
    const row = [...ROW_A];
    row[2] = '100109106';
    const text = [HEADER, row].map((r) => r.map((c) => String(c ?? '')).join('\t')).join('\r\n');
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await parsePlanFile(buf, { ...opts, filename: 'plan.txt' });
    expectNoErrors(r);
    expect(r.rows[0].taxCode).toBe('0100109106');
  });

  it('refuses bytes no Vietnamese code page decodes, with a clear message', async () => {
    // 0x81 is undefined in Windows-1258 and no TCVN3/VNI letter.
    const r = await parsePlanFile(Buffer.from([0x53, 0x54, 0x54, 0x2c, 0x81, 0x0d, 0x0a]), csvOpts);
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 0,
        code: 'FILE_ENCODING',
        message: expect.objectContaining({ vi: expect.stringContaining('UTF-8') }),
      }),
    ]);
  });
});

describe('parsePlanFile: errors', () => {
  it('reports every bad row with its row, column as written, field, code and both languages', async () => {
    const header = [
      'STT',
      'Tên DN',
      'MST',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian',
      'Hình thức',
      'Loại',
      'Số ngày làm việc',
    ];
    const good: Cell[] = [
      1,
      'Công ty A',
      '0100109106',
      'Nội dung',
      'Thuế',
      'T3/2026',
      'Trực tiếp',
      'Kiểm tra',
      5,
    ];
    const buf = await xlsx([
      ['KẾ HOẠCH KIỂM TRA NĂM 2026'],
      header,
      good,
      [2, 'Công ty B', '0100109107', 'Nội dung', 'Thuế', 'T3/2026', 'Trực tiếp', 'Kiểm tra', 5],
      [3, '', '0300588569', 'Nội dung', 'Thiên văn', 'Tháng 3/2025', 'Bay', 'Giám sát', 'năm'],
      [
        4,
        'Công ty D',
        '0101248141',
        'Nội dung',
        'Lao động và PCCC',
        '31/02/2026',
        'Từ xa',
        'Thanh tra',
        3,
      ],
      [5, 'Công ty E', 'ABC', '', 'Thuế', 'sớm', 'Từ xa', 'Thanh tra, kiểm tra', 0],
    ]);
    const r = await parsePlanFile(buf, opts);
    expect(r.rows.map((x) => x.row)).toEqual([3]);
    const summary = r.errors.map((e) => [e.row, e.column, e.field, e.code]);
    expect(summary).toEqual([
      [4, 'MST', 'taxCode', 'TAX_CODE_CHECK_DIGIT'],
      [5, 'Tên DN', 'enterpriseName', 'NAME_REQUIRED'],
      [5, 'Lĩnh vực', 'field', 'FIELD_UNKNOWN'],
      [5, 'Thời gian', 'window', 'WINDOW_OUTSIDE_YEAR'],
      [5, 'Loại', 'type', 'TYPE_UNKNOWN'],
      [5, 'Hình thức', 'form', 'FORM_UNKNOWN'],
      [5, 'Số ngày làm việc', 'durationWorkingDays', 'DURATION_INVALID'],
      // "Lao động và PCCC": labour kept as the main field, a guess (not an error).
      [6, 'Thời gian', 'window', 'WINDOW_INVALID_DATE'],
      [7, 'MST', 'taxCode', 'TAX_CODE_FORMAT'],
      [7, 'Nội dung', 'content', 'CONTENT_REQUIRED'],
      [7, 'Thời gian', 'window', 'WINDOW_FORMAT'],
      [7, 'Loại', 'type', 'TYPE_UNKNOWN'],
      [7, 'Số ngày làm việc', 'durationWorkingDays', 'DURATION_INVALID'],
    ]);
    for (const e of r.errors) {
      // A sentence in each language, not a bare code.
      expect(e.message.vi).toMatch(/^\p{Lu}\S*( \S+)+$/u);
      expect(e.message.en).toMatch(/^\p{Lu}\S*( \S+)+$/u);
      expect(e.message.vi).not.toBe(e.message.en);
    }
    expect(r.errors[0].message).toEqual({
      vi: 'Mã số thuế "0100109107" sai chữ số kiểm tra (chữ số thứ 10)',
      en: 'Tax code "0100109107" has a wrong check digit (10th digit)',
    });
  });

  it('reports missing columns once for the file', async () => {
    const r = await parsePlanFile(
      csv([['STT', 'Tên doanh nghiệp', 'Mã số thuế', 'Địa chỉ'], ROW_A.slice(0, 4)]),
      csvOpts,
    );
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [0, 'Nội dung', 'COLUMN_MISSING'],
      [0, 'Thời gian thực hiện', 'COLUMN_MISSING'],
    ]);
  });

  it('takes the type from the title or the options when no column gives it', async () => {
    const header = [
      'STT',
      'Tên doanh nghiệp',
      'Mã số thuế',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian thực hiện',
    ];
    const row: Cell[] = [1, 'Công ty A', '0100109106', 'Nội dung', 'Thuế', 'T3/2026'];
    const fromTitle = await parsePlanFile(
      await xlsx([['THANH TRA TỈNH'], ['KẾ HOẠCH THANH TRA NĂM 2026'], header, row]),
      opts,
    );
    expect(fromTitle.rows[0].type).toBe('thanh-tra');
    const fromOptions = await parsePlanFile(await xlsx([header, row]), {
      ...opts,
      defaultType: 'kiem-tra',
    });
    expect(fromOptions.rows[0].type).toBe('kiem-tra');
  });

  it('rejects files without a header, of the wrong type, or empty', async () => {
    expect(
      (
        await parsePlanFile(
          await xlsx([
            ['a', 'b'],
            [1, 2],
          ]),
          opts,
        )
      ).errors[0].code,
    ).toBe('HEADER_NOT_FOUND');
    const badXls = await parsePlanFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), {
      ...opts,
      filename: 'kh-2026.xls',
    });
    expect(badXls.errors[0].code).toBe('FILE_UNREADABLE');
    expect(badXls.errors[0].message.vi).toContain('kh-2026.xls');
    expect((await parsePlanFile(Buffer.from('PK\u0003\u0004garbage'), opts)).errors[0].code).toBe(
      'FILE_UNREADABLE',
    );
    expect((await parsePlanFile(Buffer.from(''), csvOpts)).errors[0].code).toBe('FILE_EMPTY');
    expect((await parsePlanFile(csv([HEADER]), csvOpts)).errors[0].code).toBe('FILE_EMPTY');
  });

  it('refuses more rows than the limit', async () => {
    const r = await parsePlanFile(csv([HEADER, ROW_A, ROW_B, ROW_C]), { ...csvOpts, maxRows: 2 });
    expect(r.errors.map((e) => e.code)).toEqual(['FILE_TOO_MANY_ROWS']);
  });

  it('reports a row repeated in the same file', async () => {
    const again = [...ROW_A];
    again[0] = 9;
    again[1] = 'CÔNG TY TNHH HÒA BÌNH';
    again[4] = '  kiểm tra việc chấp hành   pháp luật về thuế ';
    const r = await parsePlanFile(csv([HEADER, ROW_A, again]), csvOpts);
    expect(r.rows).toHaveLength(1);
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Mã số thuế',
        code: 'DUPLICATE_ROW',
        message: expect.objectContaining({ en: expect.stringContaining('row 2') }),
      }),
    ]);
  });

  it('reads the combined "Đơn vị chủ trì / phối hợp" column', async () => {
    const header = [
      'STT',
      'Tên doanh nghiệp',
      'Mã số thuế',
      'Nội dung',
      'Lĩnh vực',
      'Thời gian thực hiện',
      'Loại',
      'Đơn vị chủ trì / phối hợp',
    ];
    const base: Cell[] = [1, 'Công ty A', '0100109106', 'Nội dung', 'Thuế', 'T3/2026', 'Kiểm tra'];
    const r = await parsePlanFile(
      csv([
        header,
        [...base, 'Sở Tài chính / Công an tỉnh, Sở Công Thương'],
        [
          2,
          'Công ty B',
          '0300588569',
          ...base.slice(3),
          'Chủ trì: Sở Văn hóa, Thể thao và Du lịch; Phối hợp: Công an tỉnh',
        ],
      ]),
      csvOpts,
    );
    expectNoErrors(r);
    expect(r.rows.map((x) => [x.leadAgency, x.participantAgencies])).toEqual([
      ['Sở Tài chính', ['Công an tỉnh', 'Sở Công Thương']],
      ['Sở Văn hóa, Thể thao và Du lịch', ['Công an tỉnh']],
    ]);
  });

  it('uses a configured field list', async () => {
    const fields = [{ code: 'mining', vi: 'Khai khoáng', en: 'Mining' }];
    const row = [...ROW_A];
    row[5] = 'Khai khoáng';
    const r = await parsePlanFile(csv([HEADER, row, ROW_B]), { ...csvOpts, fields });
    expect(r.rows.map((x) => x.field)).toEqual(['mining']);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([[3, 'FIELD_UNKNOWN']]);
  });
});

describe('idempotency key', () => {
  const base = {
    agencyCode: 'SO-TC',
    year: 2026,
    taxCode: '0100109106',
    type: 'kiem-tra',
    field: 'tax',
    window: { from: '2026-03-01', to: '2026-03-31' },
    content: 'Kiểm tra thuế',
  };

  it('is the same for cosmetic differences and the same file in either format', async () => {
    expect(inspectionIdempotencyKey(base)).toBe(
      inspectionIdempotencyKey({
        ...base,
        agencyCode: ' so-tc ',
        content: '  KIỂM TRA   thuế'.normalize('NFD'),
      }),
    );
    const a = await parsePlanFile(await xlsx([HEADER, ROW_A, ROW_B]), opts);
    const b = await parsePlanFile(
      csv([HEADER, ROW_A, ROW_B], { delimiter: ';', bom: true }),
      csvOpts,
    );
    expect(a.rows.map((x) => x.idempotencyKey)).toEqual(b.rows.map((x) => x.idempotencyKey));
  });

  it('differs when the agency, year, enterprise, type, field, window or content differs', () => {
    const variants = [
      { agencyCode: 'SO-YT' },
      { year: 2027 },
      { taxCode: '0300588569' },
      { type: 'thanh-tra' },
      { field: 'labour' },
      { window: { from: '2026-03-01', to: '2026-03-30' } },
      { content: 'Kiểm tra phí' },
    ];
    const keys = new Set(
      [base, ...variants.map((v) => ({ ...base, ...v }))].map(inspectionIdempotencyKey),
    );
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('parsePlanFile: a list without a tax-code column', () => {
  it('takes codes from the name cell, and says how to give one when a name has none', async () => {
    const header = ['STT', 'Tên đơn vị', 'Nội dung', 'Lĩnh vực', 'Thời gian', 'Loại'];
    const r = await parsePlanFile(
      csv([
        header,
        [1, 'Công ty A (MST 0100109106)', 'Kiểm tra thuế', 'Thuế', 'Quý I', 'Kiểm tra'],
        [2, 'Công ty B', 'Kiểm tra thuế', 'Thuế', 'Quý I', 'Kiểm tra'],
      ]),
      csvOpts,
    );
    expect(r.rows.map((x) => [x.enterpriseName, x.taxCode])).toEqual([['Công ty A', '0100109106']]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 3,
        code: 'TAX_CODE_REQUIRED',
        message: expect.objectContaining({ en: expect.stringContaining('(MST 0100109106)') }),
      }),
    ]);
  });
});
