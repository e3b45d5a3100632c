// The file-level entry point: bytes of an .xlsx or .csv plan table → valid rows plus every
// problem, each naming its row, column and reason in Vietnamese and English. Nothing here
// writes anywhere; "all or nothing" is the caller's rule: any error → import nothing.
//
// The table streams: openPlanTable reads the head of each sheet (header search, encoding)
// and picks the table; each read() then reads its records again from the bytes, one at a
// time, so a file's rows are never all held at once (what is kept of them is the caller's
// choice). Problems of the whole file found on the way (too many rows, none, too much text)
// come at the end of the read, and then the rows read do not count.
import {
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
} from '../../../domain/fields-of-management';
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { InspectionType } from '../../../domain/vocabulary';
import { findTableLayout, REQUIRED_COLUMNS, type TableLayout } from './header-row';
import type { LegacyEncoding } from './legacy-encoding';
import { convertLegacy, convertLegacyRow, LegacySample } from './legacy-sheet';
import type {
  ImportedInspectionRow,
  ImportErrorCode,
  ImportResult,
  ImportRowError,
  ParsePlanOptions,
  PartialImportRow,
} from './import-types';
import { columnByKey } from './plan-columns';
import { parsePlanRow, windowParserFor, type RowContext } from './plan-row';
import {
  isBlank,
  sheetsInMemory,
  TextBudget,
  TextBudgetExceeded,
  type RawRow,
  type SheetSource,
} from './raw-sheet';
import { CsvEncodingError, openCsv } from './read-csv';
import { readXls, XlsTooManyRows } from './read-xls';
import { XlsxMergeBoundError, XlsxReadError, XlsxWorkbook } from './read-xlsx';
import { TableRecordReader, type TableRecord } from './table-records';

export const DEFAULT_MAX_ROWS = 20_000;

/**
 * Characters of cell text a file may hold, shared strings counted where used: 800 per row at
 * the row limit (a plan row holds 200–600), so every plan passes, and what an import holds
 * of a file stays bounded even when one long string is named by every cell.
 */
export const DEFAULT_MAX_TEXT_CHARS = 16_000_000;

export type PlanFileFormat = 'xlsx' | 'xls' | 'csv';

const fileError = (
  code: ImportErrorCode,
  vi: string,
  en: string,
  column = '',
  field = '',
): ImportRowError => ({
  row: 0,
  column,
  field,
  code,
  message: { vi, en },
});

/** The file's signature decides; name and MIME type only break the tie for text. */
export function detectPlanFileFormat(
  buffer: Buffer,
  hint: { filename?: string; mimeType?: string },
): PlanFileFormat | null {
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  const name = hint.filename?.toLowerCase() ?? '';
  const mime = hint.mimeType?.toLowerCase() ?? '';
  if (name.endsWith('.xlsx') || mime.includes('spreadsheetml')) return null; // claims xlsx, is not
  if (
    name.endsWith('.csv') ||
    name.endsWith('.txt') ||
    mime.includes('csv') ||
    mime.startsWith('text/')
  )
    return 'csv';
  return buffer.length > 0 && !buffer.subarray(0, 512).includes(0) ? 'csv' : null;
}

/** Reads the title ("KẾ HOẠCH KIỂM TRA NĂM 2026") for the type when no column gives it. */
export function typeFromTitle(title: string): InspectionType | undefined {
  const m = /ke hoach (?:cong tac )?(thanh tra|kiem tra)(?! (?:thanh|kiem) tra)/.exec(
    foldForMatch(title),
  );
  return m ? (m[1] === 'thanh tra' ? 'thanh-tra' : 'kiem-tra') : undefined;
}

/** One record of the table as read: the row, or what could be read of it and its problems. */
export interface RowReading {
  rowNumber: number;
  row?: ImportedInspectionRow;
  partial?: PartialImportRow;
  errors: ImportRowError[];
}

/** One pass over the table's records; `fileErrors` is known once the pass ended. */
export interface PlanTableRead extends AsyncIterable<RowReading> {
  /** Problems of the whole file seen while reading: when any, the rows read do not count. */
  readonly fileErrors: ImportRowError[];
  /** Records (data rows) the table has, counted by the pass. */
  readonly records: number;
}

export interface PlanTable {
  sheet?: string;
  headerRow?: number;
  sheetsTried?: string[];
  convertedFrom?: string;
  /** Problems of the whole file seen before its rows: when any, there is nothing to read. */
  errors: ImportRowError[];
  /** Reads the records again from the bytes. */
  read(): PlanTableRead;
}

/** Rows kept of a sheet's head: the header is in the first 40, a sub-header and numbers follow. */
const HEAD_ROWS = 42;

interface SheetHead {
  name: string;
  rows: RawRow[];
  encoding: LegacyEncoding | null;
  /** The sheet was read to its end (its row count is known). */
  complete: boolean;
  rowCount: number;
  anyText: boolean;
}

const unreadable = (format: PlanFileFormat, filename: string | undefined): ImportRowError =>
  fileError(
    'FILE_UNREADABLE',
    format === 'xls'
      ? `Không đọc được tệp .xls "${filename ?? ''}"; hãy mở bằng Excel và lưu lại dưới dạng .xlsx`
      : `Không đọc được tệp ${format}`,
    format === 'xls'
      ? `The .xls file "${filename ?? ''}" cannot be read; open it in Excel and save it as .xlsx`
      : `The ${format} file cannot be read`,
  );

const tooManyRows = (count: number | string, max: number) =>
  fileError(
    'FILE_TOO_MANY_ROWS',
    `Tệp có ${count} dòng, tối đa ${max}`,
    `The file has ${count} rows; the limit is ${max}`,
  );

const tooMuchText = (limit: number) =>
  fileError(
    'FILE_TEXT_TOO_MUCH',
    `Các ô của tệp có hơn ${limit} ký tự; hãy chia kế hoạch thành nhiều tệp`,
    `The cells of the file hold more than ${limit} characters of text; split the plan into several files`,
  );

/** A problem met while reading rows, as a problem of the whole file (else rethrown). */
function readingProblem(
  error: unknown,
  format: PlanFileFormat,
  options: ParsePlanOptions,
): ImportRowError {
  if (error instanceof TextBudgetExceeded) return tooMuchText(error.limit);
  if (error instanceof XlsTooManyRows)
    return fileError(
      'FILE_TOO_MANY_ROWS',
      `Tệp có hơn ${error.limit} dòng`,
      `The file has more than ${error.limit} rows`,
    );
  if (error instanceof XlsxMergeBoundError)
    return fileError(
      'FILE_TOO_MANY_CELLS',
      'Các vùng gộp ô của tệp phủ quá nhiều ô',
      `The merged ranges of the file cover too many cells (${error.message})`,
    );
  if (error instanceof XlsxReadError || error instanceof CsvEncodingError)
    return unreadable(format, options.filename);
  throw error;
}

async function openSource(
  buffer: Buffer,
  format: PlanFileFormat,
  maxRows: number,
): Promise<SheetSource> {
  if (format === 'csv') return openCsv(buffer);
  if (format === 'xls') return sheetsInMemory(readXls(buffer, maxRows + 1_000));
  const workbook = await XlsxWorkbook.open(buffer);
  return {
    sheets: workbook.sheets,
    legacyFonts: true,
    rows: (sheet, budget) => workbook.rows(workbook.sheets[sheet], budget),
  };
}

/** Reads a sheet's first rows: enough for the header and to judge a legacy encoding. */
async function readHead(
  source: SheetSource,
  index: number,
  budget: TextBudget,
): Promise<SheetHead> {
  const rows: RawRow[] = [];
  const sample = new LegacySample();
  let rowCount = 0;
  let anyText = false;
  let complete = true;
  for await (const row of source.rows(index, budget)) {
    rowCount++;
    if (rows.length < HEAD_ROWS) rows.push(row);
    if (!anyText && !row.cells.every(isBlank)) anyText = true;
    if (source.legacyFonts && !sample.full) sample.add(row);
    if (rows.length >= HEAD_ROWS && anyText && (!source.legacyFonts || sample.full)) {
      complete = false;
      break;
    }
  }
  const encoding = source.legacyFonts ? sample.encoding() : null;
  const name = source.sheets[index].name;
  return {
    name: encoding ? convertLegacy(name, encoding) : name,
    rows: encoding ? rows.map((r) => convertLegacyRow(r, encoding)) : rows,
    encoding,
    complete,
    rowCount,
    anyText,
  };
}

async function countRows(source: SheetSource, index: number, budget: TextBudget): Promise<number> {
  let n = 0;
  for await (const _row of source.rows(index, budget)) n++;
  return n;
}

export async function openPlanTable(buffer: Buffer, options: ParsePlanOptions): Promise<PlanTable> {
  const format = detectPlanFileFormat(buffer, options);
  const nothing = (errors: ImportRowError[], extra: Partial<PlanTable> = {}): PlanTable => ({
    errors,
    ...extra,
    read: () => emptyRead(),
  });
  if (!format)
    return nothing([
      fileError(
        'FILE_TYPE',
        'Tệp phải là .xlsx, .xls hoặc .csv',
        'The file must be .xlsx, .xls or .csv',
      ),
    ]);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxText = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;

  let source: SheetSource;
  const heads: SheetHead[] = [];
  try {
    source = await openSource(buffer, format, maxRows);
    const budget = new TextBudget(maxText);
    for (let i = 0; i < source.sheets.length; i++) heads.push(await readHead(source, i, budget));
  } catch (e) {
    if (e instanceof CsvEncodingError)
      return nothing([
        fileError(
          'FILE_ENCODING',
          'Tệp CSV không ở mã UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI; hãy lưu bằng "CSV UTF-8"',
          'The CSV file is in none of UTF-8, UTF-16, Windows-1258, TCVN3 or VNI; save it as "CSV UTF-8"',
        ),
      ]);
    if (
      e instanceof TextBudgetExceeded ||
      e instanceof XlsTooManyRows ||
      e instanceof XlsxMergeBoundError
    )
      return nothing([readingProblem(e, format, options)]);
    return nothing([unreadable(format, options.filename)]);
  }

  // Every sheet is tried; the table with the most recognised columns, then the most rows,
  // is taken (a summary sheet first in the workbook has few columns and no tax codes).
  const candidates = heads
    .map((head, index) => ({ head, index, layout: findTableLayout(head) }))
    .filter((c): c is { head: SheetHead; index: number; layout: TableLayout } => c.layout !== null);
  const sheetsTried = heads.map((h) => h.name);
  if (candidates.length === 0) {
    let anyText = heads.some((h) => h.anyText);
    try {
      // Only to tell an empty file from one without a header: the rest of the sheets.
      const budget = new TextBudget(maxText);
      for (let i = 0; i < heads.length && !anyText; i++) {
        if (heads[i].complete) continue;
        for await (const row of source.rows(i, budget))
          if (!row.cells.every(isBlank)) {
            anyText = true;
            break;
          }
      }
    } catch (e) {
      return nothing([readingProblem(e, format, options)]);
    }
    if (!anyText)
      return nothing([fileError('FILE_EMPTY', 'Tệp không có dữ liệu', 'The file has no data')]);
    const names = sheetsTried.map((n) => `"${n}"`).join(', ');
    return nothing(
      [
        fileError(
          'HEADER_NOT_FOUND',
          `Không tìm thấy dòng tiêu đề (STT, Tên doanh nghiệp, Mã số thuế, ...) trong 40 dòng đầu của các trang ${names}`,
          `No header row (STT, Tên doanh nghiệp, Mã số thuế, ...) found in the first 40 rows of sheets ${names}`,
        ),
      ],
      { sheetsTried },
    );
  }
  const columnsOf = (c: { layout: TableLayout }) => Object.keys(c.layout.columns).length;
  const most = Math.max(...candidates.map(columnsOf));
  const tied = candidates.filter((c) => columnsOf(c) === most);
  let chosen = tied[0];
  if (tied.length > 1) {
    // As many columns: the one with the most rows under its header.
    let best = -1;
    try {
      const budget = new TextBudget(maxText);
      for (const c of tied) {
        const rows = c.head.complete ? c.head.rowCount : await countRows(source, c.index, budget);
        if (rows - c.layout.firstDataIndex > best) {
          best = rows - c.layout.firstDataIndex;
          chosen = c;
        }
      }
    } catch (e) {
      return nothing([readingProblem(e, format, options)], { sheetsTried });
    }
  }
  const { head, layout, index } = chosen;

  const where = {
    sheet: head.name,
    headerRow: layout.headerRowNumber,
    sheetsTried,
    ...((head.encoding ?? source.convertedFrom) && {
      convertedFrom: head.encoding ?? source.convertedFrom,
    }),
  };
  const errors: ImportRowError[] = [];
  for (const c of REQUIRED_COLUMNS) {
    if (!layout.columns[c.key] && !(c.key === 'window' && layout.columns.windowFrom)) {
      errors.push(
        fileError(
          'COLUMN_MISSING',
          `Thiếu cột "${c.header}"`,
          `Column "${c.header}" is missing`,
          c.header,
          c.apiField,
        ),
      );
    }
  }
  if (errors.length > 0) return nothing(errors, where);

  const ctx: RowContext = {
    layout,
    agencyCode: options.agencyCode,
    year: options.year,
    matchField: createFieldMatcher(options.fields),
    knownField: (code) =>
      (options.fields ?? DEFAULT_FIELDS_OF_MANAGEMENT).some((f) => f.code === code),
    titleType: typeFromTitle(layout.titleText),
    rememberedFields: options.rememberedFields,
    defaultType: options.defaultType,
    agencyKind: options.agencyKind,
    defaultForm: options.defaultForm ?? 'on-site',
    parseWindow: windowParserFor(options.year),
  };
  const taxHeader = layout.columns.taxCode?.header ?? columnByKey('taxCode').header;
  const src = source;
  return {
    ...where,
    errors: [],
    read: () =>
      readTable({
        rows: () => src.rows(index, new TextBudget(maxText)),
        encoding: head.encoding,
        layout,
        ctx,
        maxRows,
        taxHeader,
        problem: (e) => readingProblem(e, format, options),
      }),
  };
}

function emptyRead(): PlanTableRead {
  return {
    fileErrors: [],
    records: 0,
    async *[Symbol.asyncIterator]() {},
  };
}

function readTable(t: {
  rows: () => AsyncIterable<RawRow>;
  encoding: LegacyEncoding | null;
  layout: TableLayout;
  ctx: RowContext;
  maxRows: number;
  taxHeader: string;
  problem: (error: unknown) => ImportRowError;
}): PlanTableRead {
  const state = { fileErrors: [] as ImportRowError[], records: 0 };
  return {
    get fileErrors() {
      return state.fileErrors;
    },
    get records() {
      return state.records;
    },
    async *[Symbol.asyncIterator]() {
      state.fileErrors = [];
      state.records = 0;
      const reader = new TableRecordReader(t.layout);
      const firstRowOfKey = new Map<string, number>();
      let index = 0;
      const handle = (record: TableRecord | undefined): RowReading | undefined => {
        if (!record) return undefined;
        // Past the limit the records are only counted, for the message.
        if (++state.records > t.maxRows) return undefined;
        const result = parsePlanRow(record, t.ctx);
        const reading: RowReading = { rowNumber: record.rowNumber, errors: result.errors };
        if (result.partial) reading.partial = result.partial;
        if (!result.row) return reading;
        const first = firstRowOfKey.get(result.row.idempotencyKey);
        if (first !== undefined) {
          reading.errors = [
            {
              row: record.rowNumber,
              column: t.taxHeader,
              field: 'taxCode',
              code: 'DUPLICATE_ROW',
              message: {
                vi: `Trùng với dòng ${first} (cùng doanh nghiệp, loại, lĩnh vực, thời gian và nội dung)`,
                en: `Same as row ${first} (same enterprise, type, field, window and content)`,
              },
            },
          ];
          return reading;
        }
        firstRowOfKey.set(result.row.idempotencyKey, record.rowNumber);
        reading.row = result.row;
        return reading;
      };
      try {
        for await (const raw of t.rows()) {
          if (index++ < t.layout.firstDataIndex) continue;
          const row = t.encoding ? convertLegacyRow(raw, t.encoding) : raw;
          const done = handle(reader.push(row));
          if (done) yield done;
          if (reader.closed) break;
        }
        const last = handle(reader.end());
        if (last) yield last;
      } catch (error) {
        state.fileErrors = [t.problem(error)];
        return;
      }
      if (state.records > t.maxRows) state.fileErrors = [tooManyRows(state.records, t.maxRows)];
      else if (state.records === 0)
        state.fileErrors = [
          fileError(
            'FILE_EMPTY',
            'Bảng không có dòng dữ liệu nào dưới dòng tiêu đề',
            'The table has no data rows under its header',
          ),
        ];
    },
  };
}

/** The whole table at once: every valid row and every problem (tests, the dry run of a file). */
export async function parsePlanFile(
  buffer: Buffer,
  options: ParsePlanOptions,
): Promise<ImportResult> {
  const table = await openPlanTable(buffer, options);
  const where = {
    ...(table.sheet !== undefined && { sheet: table.sheet }),
    ...(table.headerRow !== undefined && { headerRow: table.headerRow }),
    ...(table.sheetsTried && { sheetsTried: table.sheetsTried }),
    ...(table.convertedFrom && { convertedFrom: table.convertedFrom }),
  };
  if (table.errors.length > 0) return { rows: [], errors: table.errors, ...where };
  const rows: ImportedInspectionRow[] = [];
  const errors: ImportRowError[] = [];
  const partialRows: PartialImportRow[] = [];
  const read = table.read();
  for await (const r of read) {
    errors.push(...r.errors);
    if (r.partial) partialRows.push(r.partial);
    if (r.row) rows.push(r.row);
  }
  if (read.fileErrors.length > 0) return { rows: [], errors: read.fileErrors, ...where };
  return { rows, errors, ...where, ...(partialRows.length > 0 && { partialRows }) };
}
