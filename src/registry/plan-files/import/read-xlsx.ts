// .xlsx through exceljs. Cell values are reduced to what a person sees: rich text joined,
// formula results instead of formulas, hyperlink text, dates as dates. exceljs gives every
// cell of a merged range the master's value, which is what a plan table means by merging
// (one "Thời gian" for several rows).
import ExcelJS from 'exceljs';
import { normalizeText } from '../../../domain/vietnamese-text';
import { convertLegacyText } from './legacy-sheet';
import type { CellValue, RawRow, RawSheet } from './raw-sheet';

export function toCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normalizeText(value) || null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return toCellValue(value.richText.map((r) => r.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (
        result === undefined ||
        (typeof result === 'object' && result !== null && 'error' in result)
      ) {
        return null;
      }
      return toCellValue(result as ExcelJS.CellValue);
    }
    if ('hyperlink' in value) return toCellValue((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return null;
  }
  return null;
}

export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings want its own Buffer flavour; a Node Buffer is what it reads.
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

export function worksheetToRawSheet(ws: ExcelJS.Worksheet, maxRows = Infinity): RawSheet {
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length >= maxRows) return;
    const cells: CellValue[] = [];
    let mergedAbove: boolean[] | undefined;
    let mergedLeft: boolean[] | undefined;
    let dateFormats: (string | undefined)[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = toCellValue(cell.value);
      if (cell.isMerged && cell.master !== cell) {
        if (Number(cell.master.row) < rowNumber) (mergedAbove ??= [])[col - 1] = true;
        if (Number(cell.master.col) < col) (mergedLeft ??= [])[col - 1] = true;
      }
      if (cells[col - 1] instanceof Date) (dateFormats ??= [])[col - 1] = cell.numFmt;
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows.push({
      rowNumber,
      cells,
      ...(mergedAbove && { mergedAbove }),
      ...(mergedLeft && { mergedLeft }),
      ...(dateFormats && { dateFormats }),
    });
  });
  return convertLegacyText({ name: ws.name, rows });
}

/** Visible worksheets in workbook order; hidden ones are lookup lists, not plans. */
export function visibleWorksheets(workbook: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  return workbook.worksheets.filter((ws) => ws.state === 'visible' || ws.state === undefined);
}
