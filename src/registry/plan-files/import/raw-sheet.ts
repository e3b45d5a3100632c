// The format-neutral grid the readers produce: what a person sees in each cell, before any
// domain meaning. Row numbers are the ones the spreadsheet program shows (1-based).

/** Text, a number, or a date (Excel date cells; midnight UTC of the calendar day shown). */
export type CellValue = string | number | Date | null;

export interface RawRow {
  rowNumber: number;
  cells: CellValue[];
  /**
   * Per cell: it lies in a merged range that started on a row above (a vertically merged
   * STT / name / tax code spanning the rows of one record). Absent for CSV.
   */
  mergedAbove?: boolean[];
  /** Per cell: it lies in a merged range that started in a column to its left. */
  mergedLeft?: boolean[];
  /** Per cell: the number format of a date cell ("mmm-yy" shows a month, not a day). */
  dateFormats?: (string | undefined)[];
}

export interface RawSheet {
  name: string;
  rows: RawRow[];
  /** A legacy font encoding the text was converted from (TCVN3, VNI), for the answer. */
  convertedFrom?: string;
}

export function isBlank(value: CellValue | undefined): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

/** The text of a file's cells went past its limit while being read. */
export class TextBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`the cells hold more than ${limit} characters of text`);
  }
}

/**
 * Characters of cell text read in one pass over a file, each shared string counted where a
 * cell names it: what the rows built from the file can hold, whatever the file's size.
 */
export class TextBudget {
  used = 0;
  constructor(readonly limit: number) {}

  spend(chars: number): void {
    this.used += chars;
    if (this.used > this.limit) throw new TextBudgetExceeded(this.limit);
  }
}

/** A file's sheets, each read (again, from the bytes) row by row. */
export interface SheetSource {
  readonly sheets: readonly { name: string }[];
  /** A legacy encoding the whole file was decoded from (CSV: known from its bytes). */
  readonly convertedFrom?: string;
  /** Whether a sheet's text may be typed in a legacy font encoding (TCVN3, VNI). */
  readonly legacyFonts: boolean;
  rows(sheet: number, budget?: TextBudget): AsyncIterable<RawRow>;
}

/** Sheets already read whole (legacy .xls): rows handed out from memory. */
export function sheetsInMemory(sheets: RawSheet[]): SheetSource {
  return {
    sheets,
    legacyFonts: true,
    async *rows(sheet, budget) {
      for (const row of sheets[sheet].rows) {
        if (budget) for (const c of row.cells) if (typeof c === 'string') budget.spend(c.length);
        yield row;
      }
    },
  };
}
