// The file-level entry point: bytes of an .xlsx or .csv plan table → valid rows plus every
// problem, each naming its row, column and reason in Vietnamese and English. Nothing here
// writes anywhere; "all or nothing" is the caller's rule: any error → import nothing.
import {
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
} from '../../../domain/fields-of-management';
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { InspectionType } from '../../../domain/vocabulary';
import { findTableLayout, REQUIRED_COLUMNS, type TableLayout } from './header-row';
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
import { isBlank, type RawSheet } from './raw-sheet';
import { CsvEncodingError, readCsv } from './read-csv';
import { readXls } from './read-xls';
import { loadWorkbook, visibleWorksheets, worksheetToRawSheet } from './read-xlsx';
import { tableRecords } from './table-records';

export const DEFAULT_MAX_ROWS = 20_000;

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

async function readSheets(buffer: Buffer, format: PlanFileFormat): Promise<RawSheet[]> {
  if (format === 'csv') return [readCsv(buffer)];
  if (format === 'xls') return readXls(buffer);
  const workbook = await loadWorkbook(buffer);
  return visibleWorksheets(workbook).map((ws) => worksheetToRawSheet(ws));
}

export async function parsePlanFile(
  buffer: Buffer,
  options: ParsePlanOptions,
): Promise<ImportResult> {
  const format = detectPlanFileFormat(buffer, options);
  if (!format) {
    return {
      rows: [],
      errors: [
        fileError(
          'FILE_TYPE',
          'Tệp phải là .xlsx, .xls hoặc .csv',
          'The file must be .xlsx, .xls or .csv',
        ),
      ],
    };
  }

  let sheets: RawSheet[];
  try {
    sheets = await readSheets(buffer, format);
  } catch (e) {
    if (e instanceof CsvEncodingError) {
      return {
        rows: [],
        errors: [
          fileError(
            'FILE_ENCODING',
            'Tệp CSV không ở mã UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI; hãy lưu bằng "CSV UTF-8"',
            'The CSV file is in none of UTF-8, UTF-16, Windows-1258, TCVN3 or VNI; save it as "CSV UTF-8"',
          ),
        ],
      };
    }
    return {
      rows: [],
      errors: [
        fileError(
          'FILE_UNREADABLE',
          format === 'xls'
            ? `Không đọc được tệp .xls "${options.filename ?? ''}"; hãy mở bằng Excel và lưu lại dưới dạng .xlsx`
            : `Không đọc được tệp ${format}`,
          format === 'xls'
            ? `The .xls file "${options.filename ?? ''}" cannot be read; open it in Excel and save it as .xlsx`
            : `The ${format} file cannot be read`,
        ),
      ],
    };
  }
  if (sheets.every((s) => s.rows.every((r) => r.cells.every(isBlank)))) {
    return {
      rows: [],
      errors: [fileError('FILE_EMPTY', 'Tệp không có dữ liệu', 'The file has no data')],
    };
  }

  // Every sheet is tried; the table with the most recognised columns, then the most rows,
  // is taken (a summary sheet first in the workbook has few columns and no tax codes).
  let sheet: RawSheet | undefined;
  let layout: TableLayout | null = null;
  let bestScore = -1;
  for (const s of sheets) {
    const l = findTableLayout(s);
    if (!l) continue;
    const score = Object.keys(l.columns).length * 1_000_000 + (s.rows.length - l.firstDataIndex);
    if (score > bestScore) {
      sheet = s;
      layout = l;
      bestScore = score;
    }
  }
  const sheetsTried = sheets.map((s) => s.name);
  if (!sheet || !layout) {
    const names = sheetsTried.map((n) => `"${n}"`).join(', ');
    return {
      rows: [],
      sheetsTried,
      errors: [
        fileError(
          'HEADER_NOT_FOUND',
          `Không tìm thấy dòng tiêu đề (STT, Tên doanh nghiệp, Mã số thuế, ...) trong 40 dòng đầu của các trang ${names}`,
          `No header row (STT, Tên doanh nghiệp, Mã số thuế, ...) found in the first 40 rows of sheets ${names}`,
        ),
      ],
    };
  }

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
  const titleType = typeFromTitle(layout.titleText);
  const dataRows = tableRecords(sheet.rows.slice(layout.firstDataIndex), layout);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (dataRows.length > maxRows) {
    errors.push(
      fileError(
        'FILE_TOO_MANY_ROWS',
        `Tệp có ${dataRows.length} dòng, tối đa ${maxRows}`,
        `The file has ${dataRows.length} rows; the limit is ${maxRows}`,
      ),
    );
  }
  if (dataRows.length === 0) {
    errors.push(
      fileError(
        'FILE_EMPTY',
        'Bảng không có dòng dữ liệu nào dưới dòng tiêu đề',
        'The table has no data rows under its header',
      ),
    );
  }
  const where = {
    sheet: sheet.name,
    headerRow: layout.headerRowNumber,
    sheetsTried,
    ...(sheet.convertedFrom && { convertedFrom: sheet.convertedFrom }),
  };
  if (errors.length > 0) return { rows: [], errors, ...where };

  const ctx: RowContext = {
    layout,
    agencyCode: options.agencyCode,
    year: options.year,
    matchField: createFieldMatcher(options.fields),
    knownField: (code) =>
      (options.fields ?? DEFAULT_FIELDS_OF_MANAGEMENT).some((f) => f.code === code),
    titleType,
    rememberedFields: options.rememberedFields,
    defaultType: options.defaultType,
    agencyKind: options.agencyKind,
    defaultForm: options.defaultForm ?? 'on-site',
    parseWindow: windowParserFor(options.year),
  };
  const rows: ImportedInspectionRow[] = [];
  const partialRows: PartialImportRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  const taxHeader = layout.columns.taxCode?.header ?? columnByKey('taxCode').header;
  for (const raw of dataRows) {
    const result = parsePlanRow(raw, ctx);
    errors.push(...result.errors);
    if (result.partial) partialRows.push(result.partial);
    if (!result.row) continue;
    const first = firstRowOfKey.get(result.row.idempotencyKey);
    if (first !== undefined) {
      errors.push({
        row: raw.rowNumber,
        column: taxHeader,
        field: 'taxCode',
        code: 'DUPLICATE_ROW',
        message: {
          vi: `Trùng với dòng ${first} (cùng doanh nghiệp, loại, lĩnh vực, thời gian và nội dung)`,
          en: `Same as row ${first} (same enterprise, type, field, window and content)`,
        },
      });
      continue;
    }
    firstRowOfKey.set(result.row.idempotencyKey, raw.rowNumber);
    rows.push(result.row);
  }
  return { rows, errors, ...where, ...(partialRows.length > 0 && { partialRows }) };
}
