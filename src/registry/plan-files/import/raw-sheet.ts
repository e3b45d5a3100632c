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
