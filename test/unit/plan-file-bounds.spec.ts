import {
  checkCsvBounds,
  checkPlanFileBounds,
  checkXlsxBounds,
  PLAN_FILE_LIMITS,
} from '../../src/registry/plan-files/plan-file-bounds';
import { exportPlanXlsx } from '../../src/registry/plan-files/export';
import { repeated, text, writeZip, xlsxParts } from '../support/zip';

const SHEET_START = '<worksheet><sheetData>';
const SHEET_END = '</sheetData></worksheet>';
const rowsSheet = (n: number) => () => [
  Buffer.from(SHEET_START),
  ...repeated('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', n * 44),
  Buffer.from(SHEET_END),
];
const strings = text('<sst><si><t>Công ty</t></si></sst>');

describe('checkXlsxBounds', () => {
  it('passes a real plan file', async () => {
    const file = await exportPlanXlsx(
      [
        {
          enterpriseName: 'Công ty TNHH Hòa Bình',
          taxCode: '0100109106',
          content: 'Kiểm tra',
          field: 'measurement',
          type: 'kiem-tra',
          form: 'on-site',
          window: { from: '2026-03-01', to: '2026-03-31' },
        },
      ],
      { year: 2026 },
    );
    expect(await checkPlanFileBounds(file)).toBeUndefined();
  });

  it('refuses a part whose directory declares too large a size, without inflating it', async () => {
    const bomb = await writeZip(xlsxParts(rowsSheet(1), () => repeated('a', 100 * 2 ** 20)));
    expect((await checkXlsxBounds(bomb))?.code).toBe('FILE_ENTRY_TOO_LARGE');
  });

  it('refuses a part that expands past what its directory declares', async () => {
    const parts = xlsxParts(rowsSheet(1), () => repeated('a', 100 * 2 ** 20));
    parts[3].declaredSize = 1_000;
    expect((await checkXlsxBounds(await writeZip(parts)))?.code).toBe('FILE_ENTRY_SIZE_MISMATCH');
  });

  it('refuses a text longer than a cell can hold', async () => {
    const file = await writeZip(
      xlsxParts(rowsSheet(1), () => [
        Buffer.from('<sst><si><t>'),
        ...repeated('ạ', PLAN_FILE_LIMITS.maxTextBytes + 3),
        Buffer.from('</t></si></sst>'),
      ]),
    );
    expect((await checkXlsxBounds(file))?.code).toBe('FILE_TEXT_TOO_LONG');
  });

  it('counts rows exactly across chunk boundaries', async () => {
    const limits = { ...PLAN_FILE_LIMITS, maxRows: 30_000 };
    const sheet = (n: number) => () => [
      Buffer.from(SHEET_START),
      ...Array.from({ length: n }, (_, i) =>
        Buffer.from(`<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c></row>`),
      ),
      Buffer.from(SHEET_END),
    ];
    expect(
      await checkXlsxBounds(await writeZip(xlsxParts(sheet(30_000), strings)), limits),
    ).toBeUndefined();
    expect(
      (await checkXlsxBounds(await writeZip(xlsxParts(sheet(30_001), strings)), limits))?.code,
    ).toBe('FILE_TOO_MANY_ROWS');
  });

  it('refuses too many cells', async () => {
    const limits = { ...PLAN_FILE_LIMITS, maxCells: 1_000 };
    const sheet = () => [
      Buffer.from(SHEET_START + '<row r="1">'),
      ...repeated('<c r="A1"><v>1</v></c>', 1_001 * 22),
      Buffer.from('</row>' + SHEET_END),
    ];
    expect((await checkXlsxBounds(await writeZip(xlsxParts(sheet, strings)), limits))?.code).toBe(
      'FILE_TOO_MANY_CELLS',
    );
  });

  it('refuses a damaged zip', async () => {
    const file = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 7)]);
    expect((await checkXlsxBounds(file))?.code).toBe('FILE_CORRUPT');
  });
});

describe('checkCsvBounds', () => {
  const limits = { ...PLAN_FILE_LIMITS, maxRows: 10 };
  const csv = (lines: string[]) => Buffer.from(lines.join('\n') + '\n');
  it('counts records, not newlines inside quotes', () => {
    expect(checkCsvBounds(csv(Array(10).fill('a,b')), limits)).toBeUndefined();
    expect(checkCsvBounds(csv(Array(11).fill('a,b')), limits)?.code).toBe('FILE_TOO_MANY_ROWS');
    expect(checkCsvBounds(csv(Array(10).fill('"a\nb\nc",d')), limits)).toBeUndefined();
  });
});
