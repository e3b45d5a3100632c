// The consolidated plan and the import template as .xlsx: a title, a bold frozen header with
// widths, text-formatted tax codes (so Excel keeps leading zeros when people edit), and in the
// template drop-down lists fed by a sheet of allowed values.
import ExcelJS from 'exceljs';
import {
  DEFAULT_FIELDS_OF_MANAGEMENT,
  type FieldOfManagement,
} from '../../../domain/fields-of-management';
import {
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_FORMS,
  INSPECTION_TYPE_LABEL_VI,
  INSPECTION_TYPES,
} from '../../../domain/vocabulary';
import { EXPORT_COLUMNS, TEMPLATE_EXAMPLE_NOTE } from '../import/plan-columns';
import {
  defaultExportTitle,
  toExportCells,
  type PlanExportOptions,
  type PlanExportRow,
} from './plan-export-row';

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PLAN_SHEET_NAME = 'Kế hoạch';
export const ALLOWED_VALUES_SHEET_NAME = 'Danh mục';

const HEADER_ROW = 3; // 1: title, 2: blank, 3: header — the importer finds it in the first 15

function stamp(workbook: ExcelJS.Workbook, at: Date | undefined): void {
  const when = at ?? new Date(0);
  workbook.creator = 'inspection-scheduler';
  workbook.created = when;
  workbook.modified = when;
}

function addPlanSheet(workbook: ExcelJS.Workbook, title: string): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(PLAN_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = EXPORT_COLUMNS.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.key === 'taxCode' ? { numFmt: '@' } : {},
  }));
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, EXPORT_COLUMNS.length);
  const header = ws.getRow(HEADER_ROW);
  header.values = EXPORT_COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  ws.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW, column: EXPORT_COLUMNS.length },
  };
  return ws;
}

function addDataRows(
  ws: ExcelJS.Worksheet,
  rows: readonly PlanExportRow[],
  fields: readonly FieldOfManagement[],
): void {
  rows.forEach((row, i) => {
    const r = ws.addRow(toExportCells(row, i, fields));
    r.alignment = { vertical: 'top', wrapText: true };
  });
}

export async function exportPlanXlsx(
  rows: readonly PlanExportRow[],
  options: PlanExportOptions,
): Promise<Buffer> {
  const fields = options.fields ?? DEFAULT_FIELDS_OF_MANAGEMENT;
  const workbook = new ExcelJS.Workbook();
  stamp(workbook, options.generatedAt);
  const ws = addPlanSheet(workbook, options.title ?? defaultExportTitle(options.year));
  addDataRows(ws, rows, fields);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface TemplateOptions {
  year: number;
  fields?: readonly FieldOfManagement[];
  generatedAt?: Date;
  /** Rows that get drop-down lists (type, form, field). */
  validatedRows?: number;
}

/** Downloadable import template: header, one example row, drop-downs, and the allowed values. */
export async function buildImportTemplateXlsx(options: TemplateOptions): Promise<Buffer> {
  const fields = options.fields ?? DEFAULT_FIELDS_OF_MANAGEMENT;
  const workbook = new ExcelJS.Workbook();
  stamp(workbook, options.generatedAt);
  const ws = addPlanSheet(workbook, `KẾ HOẠCH THANH TRA, KIỂM TRA NĂM ${options.year}`);
  const example: PlanExportRow = {
    sequence: 1,
    enterpriseName: 'Công ty TNHH Ví Dụ',
    taxCode: '0100109106',
    address: 'Số 1 đường Ví Dụ, phường Ví Dụ',
    content: 'Kiểm tra việc chấp hành pháp luật về phòng cháy, chữa cháy',
    field: fields.find((f) => f.code === 'fire-safety')?.code ?? fields[0]?.code ?? '',
    type: 'kiem-tra',
    form: 'on-site',
    window: { from: `${options.year}-04-01`, to: `${options.year}-06-30` },
    leadAgency: 'Công an tỉnh',
    participantAgencies: ['Sở Xây dựng'],
    periodUnderReview: `${options.year - 2} - ${options.year - 1}`,
    durationWorkingDays: 5,
    note: TEMPLATE_EXAMPLE_NOTE,
  };
  addDataRows(ws, [example], fields);
  ws.getRow(HEADER_ROW + 1).font = { italic: true, color: { argb: 'FF7F7F7F' } };

  const lists = workbook.addWorksheet(ALLOWED_VALUES_SHEET_NAME);
  lists.columns = [
    { header: 'Lĩnh vực', key: 'field', width: 34 },
    { header: 'Mã lĩnh vực', key: 'code', width: 20 },
    { header: 'Loại', key: 'type', width: 12 },
    { header: 'Hình thức', key: 'form', width: 12 },
    { header: 'Thời gian thực hiện (ví dụ)', key: 'window', width: 30 },
    { header: 'Đơn vị phối hợp', key: 'agencies', width: 40 },
  ];
  lists.getRow(1).font = { bold: true };
  const windows = [
    '15/03/2026',
    '01/03/2026 - 15/03/2026',
    'Tháng 3/2026',
    'Quý II/2026',
    '03-05/2026',
  ];
  const height = Math.max(fields.length, windows.length, 2);
  for (let i = 0; i < height; i++) {
    lists.addRow({
      field: fields[i]?.vi,
      code: fields[i]?.code,
      type: INSPECTION_TYPE_LABEL_VI[INSPECTION_TYPES[i]],
      form: INSPECTION_FORM_LABEL_VI[INSPECTION_FORMS[i]],
      window: windows[i]?.replace(/2026/g, String(options.year)),
      agencies: i === 0 ? 'Nhiều đơn vị: ngăn cách bằng dấu chấm phẩy (;)' : undefined,
    });
  }

  const col = (key: string) => EXPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
  const fieldRange = `'${ALLOWED_VALUES_SHEET_NAME}'!$A$2:$A$${fields.length + 1}`;
  const rowsWithLists = options.validatedRows ?? 500;
  for (let r = HEADER_ROW + 1; r <= HEADER_ROW + rowsWithLists; r++) {
    ws.getCell(r, col('type')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"Thanh tra,Kiểm tra"'],
    };
    ws.getCell(r, col('form')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"Trực tiếp,Từ xa"'],
    };
    ws.getCell(r, col('field')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [fieldRange],
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
