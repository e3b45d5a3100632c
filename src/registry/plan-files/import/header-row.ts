// Finds the table inside a sheet: plan files open with title rows (agency, "KẾ HOẠCH THANH
// TRA NĂM 2026", decision number...), then a header row, sometimes a second header row under
// merged cells ("Đơn vị thực hiện" over "Chủ trì" | "Phối hợp") and a column-number row
// ("(1) (2) (3)"), then the data.
import { PLAN_COLUMNS, recogniseHeader, type PlanColumnKey } from './plan-columns';
import { isBlank, type CellValue, type RawRow, type RawSheet } from './raw-sheet';

export const HEADER_SEARCH_ROWS = 40;

export interface TableLayout {
  /** Column index (0-based) and header text as written, per recognised column. */
  columns: Partial<Record<PlanColumnKey, { index: number; header: string }>>;
  headerRowNumber: number;
  /** Index into sheet.rows of the first data row. */
  firstDataIndex: number;
  /** Text of the rows above the header, e.g. the plan's title. */
  titleText: string;
}

const text = (v: CellValue | undefined): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);

function recogniseRow(row: RawRow): Map<PlanColumnKey, { index: number; header: string }> {
  const found = new Map<PlanColumnKey, { index: number; header: string }>();
  row.cells.forEach((cell, index) => {
    if (typeof cell !== 'string' || row.mergedLeft?.[index]) return;
    const key = recogniseHeader(cell);
    // A horizontally merged header repeats in every cell; the first one is the column.
    if (key && !found.has(key)) found.set(key, { index, header: cell.replace(/\s+/g, ' ').trim() });
  });
  return found;
}

/** "(1)", "1", "(2)"... under the header: a column-number row, not data. */
function isColumnNumberRow(row: RawRow): boolean {
  const filled = row.cells.filter((c) => !isBlank(c));
  return filled.length >= 3 && filled.every((c) => /^\(?\d{1,2}\)?$/.test(text(c).trim()));
}

export function findTableLayout(sheet: RawSheet): TableLayout | null {
  let best: { at: number; found: Map<PlanColumnKey, { index: number; header: string }> } | null =
    null;
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = sheet.rows[i];
    if (row.rowNumber > HEADER_SEARCH_ROWS) break;
    const found = recogniseRow(row);
    // A header names the enterprise (tax code or name) and at least two other columns.
    if (found.size < 3 || !(found.has('taxCode') || found.has('enterpriseName'))) continue;
    if (!best || found.size > best.found.size) best = { at: i, found };
  }
  if (!best) return null;

  const columns = Object.fromEntries(best.found) as TableLayout['columns'];
  let next = best.at + 1;
  // A sub-header row: its cells name columns (e.g. "Chủ trì", "Phối hợp") under a merged
  // group header. Vertically merged headers repeat the same text there, which is harmless.
  const sub = sheet.rows[next];
  if (sub && !isColumnNumberRow(sub)) {
    const subFound = recogniseRow(sub);
    // Every filled cell must name a column: "I | LĨNH VỰC THUẾ" is a section row, not a header.
    const filled = sub.cells.filter((c) => !isBlank(c));
    const allHeaders = filled.every((c) => typeof c === 'string' && recogniseHeader(c) !== null);
    if (subFound.size > 0 && allHeaders) {
      for (const [key, at] of subFound) {
        // The sub-header refines the group it sits under ("Đơn vị thực hiện" → chủ trì/phối hợp).
        for (const k of Object.keys(columns) as PlanColumnKey[]) {
          if (columns[k]!.index === at.index && k !== key) delete columns[k];
        }
        columns[key] = at;
      }
      next++;
    }
  }
  // "Thời gian" over "Từ ngày | Đến ngày": the two halves are the window.
  if (columns.windowFrom) delete columns.window;
  // With separate lead and participant columns, the combined one is a group header only.
  if (columns.leadAgency || columns.participantAgencies) delete columns.agencies;
  if (sheet.rows[next] && isColumnNumberRow(sheet.rows[next])) next++;

  const titleText = sheet.rows
    .slice(0, best.at)
    .flatMap((r) => r.cells.map(text))
    .filter((t) => t !== '')
    .join('\n');
  return {
    columns,
    headerRowNumber: sheet.rows[best.at].rowNumber,
    firstDataIndex: next,
    titleText,
  };
}

export const REQUIRED_COLUMNS = PLAN_COLUMNS.filter((c) => c.required);
