// The file-level entry point: bytes of an .xlsx or .csv plan table → valid rows plus every
// problem, each naming its row, column and reason in Vietnamese and English. Nothing here
// writes anywhere; "all or nothing" is the caller's rule: any error → import nothing.
import { createFieldMatcher } from '../../../domain/fields-of-management';
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { InspectionType } from '../../../domain/vocabulary';
import { findTableLayout, REQUIRED_COLUMNS, type TableLayout } from './header-row';
import type {
  ImportedInspectionRow,
  ImportErrorCode,
  ImportResult,
  ImportRowError,
  ParsePlanOptions,
} from './import-types';
import { columnByKey, TEMPLATE_EXAMPLE_NOTE } from './plan-columns';
import { cellText, parsePlanRow, windowParserFor, type RowContext } from './plan-row';
import { isBlank, type RawRow, type RawSheet } from './raw-sheet';
import { CsvEncodingError, readCsv } from './read-csv';
import { loadWorkbook, visibleWorksheets, worksheetToRawSheet } from './read-xlsx';

export const DEFAULT_MAX_ROWS = 20_000;

export type PlanFileFormat = 'xlsx' | 'csv';

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
): PlanFileFormat | 'xls' | null {
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

/**
 * Section rows ("I. Lĩnh vực thuế"), totals and signature lines are not inspections: no
 * tax code, no window, at most two filled cells and no numeric STT. A numbered row missing
 * its tax code is still data, and reported. The template's example row is skipped too.
 */
function isNonDataRow(row: RawRow, layout: TableLayout): boolean {
  const at = (k: keyof TableLayout['columns']) => {
    const c = layout.columns[k];
    return c ? row.cells[c.index] : null;
  };
  const filled = row.cells.filter((c) => !isBlank(c)).length;
  if (filled === 0) return true;
  if (cellText(at('note')) === TEMPLATE_EXAMPLE_NOTE) return true;
  const seq = cellText(at('sequence'));
  return isBlank(at('taxCode')) && isBlank(at('window')) && filled <= 2 && !/^\d+$/.test(seq);
}

async function readSheets(buffer: Buffer, format: PlanFileFormat): Promise<RawSheet[]> {
  if (format === 'csv') return [readCsv(buffer)];
  const workbook = await loadWorkbook(buffer);
  return visibleWorksheets(workbook).map((ws) => worksheetToRawSheet(ws));
}

export async function parsePlanFile(
  buffer: Buffer,
  options: ParsePlanOptions,
): Promise<ImportResult> {
  const format = detectPlanFileFormat(buffer, options);
  if (format === 'xls') {
    return {
      rows: [],
      errors: [
        fileError(
          'FILE_TYPE',
          'Tệp .xls (Excel 97-2003) không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc .csv',
          'Legacy .xls files are not supported; save the file as .xlsx or .csv',
        ),
      ],
    };
  }
  if (!format) {
    return {
      rows: [],
      errors: [
        fileError('FILE_TYPE', 'Tệp phải là .xlsx hoặc .csv', 'The file must be .xlsx or .csv'),
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
            'Tệp CSV không ở mã UTF-8; hãy lưu bằng "CSV UTF-8"',
            'The CSV file is not UTF-8; save it as "CSV UTF-8"',
          ),
        ],
      };
    }
    return {
      rows: [],
      errors: [
        fileError(
          'FILE_UNREADABLE',
          `Không đọc được tệp ${format}`,
          `The ${format} file cannot be read`,
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

  let sheet: RawSheet | undefined;
  let layout: TableLayout | null = null;
  for (const s of sheets) {
    layout = findTableLayout(s);
    if (layout) {
      sheet = s;
      break;
    }
  }
  if (!sheet || !layout) {
    return {
      rows: [],
      errors: [
        fileError(
          'HEADER_NOT_FOUND',
          'Không tìm thấy dòng tiêu đề (STT, Tên doanh nghiệp, Mã số thuế, ...) trong 15 dòng đầu',
          'No header row (STT, Tên doanh nghiệp, Mã số thuế, ...) found in the first 15 rows',
        ),
      ],
    };
  }

  const errors: ImportRowError[] = [];
  for (const c of REQUIRED_COLUMNS) {
    if (!layout.columns[c.key]) {
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
  const defaultType = options.defaultType ?? typeFromTitle(layout.titleText);
  if (!layout.columns.type && !defaultType) {
    const c = columnByKey('type');
    errors.push(
      fileError(
        'COLUMN_MISSING',
        `Thiếu cột "${c.header}" (Thanh tra/Kiểm tra) và tiêu đề không cho biết loại`,
        `Column "${c.header}" (Thanh tra/Kiểm tra) is missing and the title does not tell the type`,
        c.header,
        c.apiField,
      ),
    );
  }

  const dataRows = sheet.rows.slice(layout.firstDataIndex).filter((r) => !isNonDataRow(r, layout));
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
  if (errors.length > 0)
    return { rows: [], errors, sheet: sheet.name, headerRow: layout.headerRowNumber };

  const ctx: RowContext = {
    layout,
    agencyCode: options.agencyCode,
    year: options.year,
    matchField: createFieldMatcher(options.fields),
    defaultType,
    defaultForm: options.defaultForm ?? 'on-site',
    parseWindow: windowParserFor(options.year),
  };
  const rows: ImportedInspectionRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  const taxHeader = layout.columns.taxCode?.header ?? columnByKey('taxCode').header;
  for (const raw of dataRows) {
    const result = parsePlanRow(raw, ctx);
    errors.push(...result.errors);
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
  return { rows, errors, sheet: sheet.name, headerRow: layout.headerRowNumber };
}
