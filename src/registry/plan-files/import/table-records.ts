// The rows under a plan table's header → records. Plan appendices are not one row per
// inspection: one inspection may take several rows (STT, name and tax code merged down,
// one content line per row; or a continuation row holding only the rest of the content),
// section rows ("I. LĨNH VỰC THUẾ", merged across the table) give the field of the rows
// under them, and totals and the signature block close the table.
import { foldForMatch } from '../../../domain/vietnamese-text';
import type { TableLayout } from './header-row';
import { TEMPLATE_EXAMPLE_NOTE, type PlanColumnKey } from './plan-columns';
import { isBlank, type CellValue, type RawRow } from './raw-sheet';

export interface TableRecord {
  /** The first row's number: the record is named by it. */
  rowNumber: number;
  /** The record's cells: the first row's, with the continuation rows' text joined in. */
  cells: CellValue[];
  dateFormats?: (string | undefined)[];
  /** Rows after the first that belong to this record. */
  continuationRows: number[];
  /** Continuation rows recognised only by their blank STT/name/tax code (no merge): a guess. */
  guessedContinuation: boolean;
  /** The text of the section row above it, e.g. "I. LĨNH VỰC THUẾ". */
  section?: string;
}

/** Words that open totals, signature and distribution lines: never an inspection. */
const CLOSING =
  /^(?:tong cong|tong so|cong|tong|noi nhan|nguoi lap|nguoi lap bieu|giam doc|pho giam doc|chanh thanh tra|pho chanh thanh tra|chu tich|pho chu tich|thu truong|kt|tm|ky ten|ky ghi ro ho ten|xac nhan|lanh dao|truong phong|nhu tren|luu)\b/;
/** A place-and-date line above a signature: "Huế, ngày 10 tháng 01 năm 2026". */
const PLACE_DATE = /\bngay \d{1,2} thang \d{1,2} nam \d{4}\b/;
/** "I", "II.", "A", "B." in the STT column; "I. Lĩnh vực..." in a merged cell. */
const SECTION_MARK = /^(?:[ivx]{1,4}|[a-h])\b|^(?:linh vuc|phan|muc|nhom)\b/;

const TAX_LIKE = /\d[\d.\-\s]{8,}\d/;

function at(cells: readonly CellValue[], layout: TableLayout, key: PlanColumnKey): CellValue {
  const c = layout.columns[key];
  return c ? (cells[c.index] ?? null) : null;
}

const str = (v: CellValue | undefined) =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);

/** Distinct texts of a row, a horizontally merged range counted once. */
function distinctTexts(row: RawRow): string[] {
  const seen = new Set<string>();
  row.cells.forEach((c, i) => {
    if (!isBlank(c) && !row.mergedLeft?.[i]) seen.add(str(c).trim());
  });
  return [...seen];
}

type Kind = 'blank' | 'section' | 'closing' | 'data' | 'continuation' | 'mergedContinuation';

function classify(row: RawRow, layout: TableLayout, hasPrevious: boolean): Kind {
  const texts = distinctTexts(row);
  if (texts.length === 0) return 'blank';
  const idCols: PlanColumnKey[] = ['sequence', 'enterpriseName', 'taxCode'];
  const idIndexes = idCols.map((k) => layout.columns[k]?.index).filter((i) => i !== undefined);
  // A record's own cells merged down from the row above: STT / name / tax code.
  if (
    hasPrevious &&
    idIndexes.length > 0 &&
    idIndexes.some((i) => row.mergedAbove?.[i]) &&
    idIndexes.every((i) => row.mergedAbove?.[i] || isBlank(row.cells[i]))
  )
    return 'mergedContinuation';
  const seq = str(at(row.cells, layout, 'sequence')).trim();
  const numbered = /^\d+\.?$/.test(seq);
  const taxLike = row.cells.some((c, i) => !row.mergedLeft?.[i] && TAX_LIKE.test(str(c)));
  const joined = foldForMatch(texts.join(' '));
  if (!numbered && !taxLike) {
    if (CLOSING.test(joined) || PLACE_DATE.test(joined) || /^\(?ky\b/.test(joined))
      return 'closing';
    if (texts.length <= 2 && SECTION_MARK.test(joined)) return 'section';
    // A row merged across the table (one text in every cell) is decoration.
    if (texts.length === 1 && (row.mergedLeft?.filter(Boolean).length ?? 0) >= 2) return 'section';
  }
  const idBlank = idIndexes.every((i) => isBlank(row.cells[i]));
  if (hasPrevious && idBlank && !numbered && !taxLike) {
    const contentLike: PlanColumnKey[] = [
      'content',
      'field',
      'agencies',
      'leadAgency',
      'participantAgencies',
      'note',
      'address',
    ];
    const filledIdx = row.cells
      .map((c, i) => (!isBlank(c) && !row.mergedLeft?.[i] ? i : -1))
      .filter((i) => i >= 0);
    const allowed = new Set(
      contentLike.map((k) => layout.columns[k]?.index).filter((i) => i !== undefined),
    );
    if (filledIdx.every((i) => allowed.has(i))) return 'continuation';
    if (texts.length <= 2) return 'section';
  }
  return 'data';
}

function joinText(a: CellValue, b: CellValue, sep: string): CellValue {
  if (isBlank(b)) return a;
  if (isBlank(a)) return b;
  return `${str(a)}${sep}${str(b)}`;
}

const JOINABLE: Partial<Record<PlanColumnKey, string>> = {
  content: '\n',
  note: '\n',
  address: ' ',
  agencies: '; ',
  participantAgencies: '; ',
};

/**
 * The records of a table as its rows stream in: a record is handed out once it is whole,
 * i.e. when the next one starts, a section row or the signature block comes, or the rows end.
 */
export class TableRecordReader {
  private section: string | undefined;
  private current: TableRecord | undefined;
  /** The signature block was reached: nothing under it is an inspection. */
  closed = false;

  constructor(private readonly layout: TableLayout) {}

  /** Reads one row; answers the record it completed, if any. */
  push(row: RawRow): TableRecord | undefined {
    if (this.closed) return undefined;
    const layout = this.layout;
    if (
      !isBlank(at(row.cells, layout, 'note')) &&
      str(at(row.cells, layout, 'note')) === TEMPLATE_EXAMPLE_NOTE
    )
      return undefined;
    const kind = classify(row, layout, this.current !== undefined);
    if (kind === 'blank') return undefined;
    if (kind === 'closing') {
      // The signature block ends the table: nothing under it is an inspection.
      if (/^(?:tong|cong)\b/.test(foldForMatch(distinctTexts(row).join(' ')))) return undefined;
      this.closed = true;
      return this.take();
    }
    if (kind === 'section') {
      this.section = distinctTexts(row).join(' ');
      return this.take();
    }
    const current = this.current;
    if ((kind === 'continuation' || kind === 'mergedContinuation') && current) {
      current.continuationRows.push(row.rowNumber);
      if (kind === 'continuation') current.guessedContinuation = true;
      for (const [key, col] of Object.entries(layout.columns) as [
        PlanColumnKey,
        { index: number },
      ][]) {
        const i = col.index;
        if (row.mergedAbove?.[i] || isBlank(row.cells[i])) continue;
        const sep = JOINABLE[key];
        if (sep) current.cells[i] = joinText(current.cells[i] ?? null, row.cells[i], sep);
        else if (isBlank(current.cells[i])) current.cells[i] = row.cells[i];
      }
      return undefined;
    }
    const done = this.take();
    this.current = {
      rowNumber: row.rowNumber,
      cells: [...row.cells],
      ...(row.dateFormats && { dateFormats: row.dateFormats }),
      continuationRows: [],
      guessedContinuation: false,
      ...(this.section !== undefined && { section: this.section }),
    };
    return done;
  }

  /** The rows ended: the last record. */
  end(): TableRecord | undefined {
    return this.take();
  }

  private take(): TableRecord | undefined {
    const done = this.current;
    this.current = undefined;
    return done;
  }
}

export function tableRecords(rows: readonly RawRow[], layout: TableLayout): TableRecord[] {
  const reader = new TableRecordReader(layout);
  const out: TableRecord[] = [];
  for (const row of rows) {
    const done = reader.push(row);
    if (done) out.push(done);
    if (reader.closed) break;
  }
  const last = reader.end();
  if (last) out.push(last);
  return out;
}
