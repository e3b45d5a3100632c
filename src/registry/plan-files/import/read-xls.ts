// Legacy .xls (Excel 97-2003, BIFF8) through SheetJS (@e965/xlsx: the community edition
// republished on npm with its security fixes). Read into the same RawSheet as .xlsx: merged
// ranges marked, Excel date cells as dates with their number format. A legacy font encoding
// is converted by the reader of the rows, as for .xlsx.
import * as XLSX from '@e965/xlsx';
import { normalizeText } from '../../../domain/vietnamese-text';
import type { CellValue, RawRow, RawSheet } from './raw-sheet';

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'd' && cell.v instanceof Date) {
    // SheetJS builds dates in local time; the calendar day shown is what matters.
    const d = cell.v;
    return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  }
  if (cell.t === 'n') return Number(cell.v);
  if (cell.t === 'b') return cell.v ? 'TRUE' : 'FALSE';
  if (cell.t === 'e') return null;
  const t = normalizeText(String(cell.v));
  return t === '' ? null : t;
}

/** A sheet has more rows than the reader was asked to read: the rest was not read. */
export class XlsTooManyRows extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} rows`);
  }
}

export function readXls(buffer: Buffer, maxRows?: number): RawSheet[] {
  // SheetJS falls back to reading anything as a text sheet: the compound file must be
  // sound and hold a workbook stream (BIFF8 "Workbook", BIFF5 "Book") first.
  const cfb = XLSX.CFB.read(buffer, { type: 'buffer' });
  if (!cfb.FullPaths.some((p: string) => /\/(?:Workbook|Book)$/i.test(p)))
    throw new RangeError('no workbook stream');
  const wb = XLSX.read(buffer, {
    type: 'buffer',
    cellDates: true,
    cellNF: true,
    dense: false,
    // A plan never needs more rows than the row bound: the rest is not even read.
    ...(maxRows !== undefined && { sheetRows: maxRows }),
  });
  const sheets: RawSheet[] = [];
  for (const name of wb.SheetNames) {
    const hidden = wb.Workbook?.Sheets?.find((s) => s.name === name)?.Hidden;
    if (hidden) continue; // lookup lists, not plans
    const ws = wb.Sheets[name];
    if (!ws['!ref']) {
      sheets.push({ name, rows: [] });
      continue;
    }
    const range = XLSX.utils.decode_range(ws['!ref']);
    const full = ws['!fullref'] ? XLSX.utils.decode_range(ws['!fullref']) : range;
    if (maxRows !== undefined && full.e.r + 1 > maxRows) throw new XlsTooManyRows(maxRows);
    const above = new Set<string>();
    const left = new Set<string>();
    const masterOf = new Map<string, string>();
    for (const m of ws['!merges'] ?? []) {
      const master = XLSX.utils.encode_cell(m.s);
      for (let r = m.s.r; r <= m.e.r; r++)
        for (let c = m.s.c; c <= m.e.c; c++) {
          const at = XLSX.utils.encode_cell({ r, c });
          if (at === master) continue;
          masterOf.set(at, master);
          if (r > m.s.r) above.add(at);
          if (c > m.s.c) left.add(at);
        }
    }
    const rows: RawRow[] = [];
    for (let r = range.s.r; r <= range.e.r; r++) {
      const cells: CellValue[] = [];
      const row: RawRow = { rowNumber: r + 1, cells };
      for (let c = 0; c <= range.e.c; c++) {
        const at = XLSX.utils.encode_cell({ r, c });
        const source = ws[masterOf.get(at) ?? at] as XLSX.CellObject | undefined;
        cells[c] = cellValue(source);
        if (above.has(at)) (row.mergedAbove ??= [])[c] = true;
        if (left.has(at)) (row.mergedLeft ??= [])[c] = true;
        if (cells[c] instanceof Date) (row.dateFormats ??= [])[c] = source?.z as string | undefined;
      }
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      if (cells.length > 0) rows.push(row);
    }
    sheets.push({ name, rows });
  }
  return sheets;
}
