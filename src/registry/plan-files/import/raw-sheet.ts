// The format-neutral grid both readers produce: what a person sees in each cell, before any
// domain meaning. Row numbers are the ones the spreadsheet program shows (1-based).

/** Text, a number, or a date (Excel date cells; midnight UTC of the calendar day shown). */
export type CellValue = string | number | Date | null;

export interface RawRow {
  rowNumber: number;
  cells: CellValue[];
}

export interface RawSheet {
  name: string;
  rows: RawRow[];
}

export function isBlank(value: CellValue | undefined): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}
