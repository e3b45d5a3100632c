import type { DayWindow } from '../../../domain/calendar-day';
import type { FieldOfManagement } from '../../../domain/fields-of-management';
import type { LocalizedMessage } from '../../../domain/localized-message';
import type { InspectionForm, InspectionType } from '../../../domain/vocabulary';
import type { WindowPrecision } from './visit-window';

/**
 * A reading that is not certain: the cell as written, what it was taken to mean, and why.
 * Every reading of a row is either certain or listed here; the preview shows these.
 */
export interface ReadingGuess {
  /** Header text as written in the file (or the template's header). */
  column: string;
  /** API field name the reading fills, e.g. "window", "field", "type". */
  field: string;
  /** The text as written. */
  read: string;
  /** What it was taken to mean, in API terms (e.g. "2026-03-01..2026-12-31", "labour"). */
  takenAs: string;
  why: string;
  whyVi: string;
}

/** One valid row of a plan table, in API terms. Text is NFC-normalised and trimmed. */
export interface ImportedInspectionRow {
  /** Spreadsheet row number as the user sees it. */
  row: number;
  /** Further rows of the same record (merged or continuation rows). */
  continuationRows?: number[];
  /** Readings that are guesses; empty when every reading is certain. */
  guesses: ReadingGuess[];
  /** STT as written, when it is a number. */
  sequence?: number;
  enterpriseName: string;
  /** Normalised: 10 digits, or NNNNNNNNNN-NNN for a dependent unit. */
  taxCode: string;
  /** The first 10 digits; rules count per parent. */
  parentTaxCode: string;
  isBranch: boolean;
  address?: string;
  content: string;
  /** Field-of-management code from the configured list. */
  field: string;
  type: InspectionType;
  form: InspectionForm;
  window: DayWindow;
  /** How the window was written (a whole month, a quarter...), for display and export. */
  windowPrecision: WindowPrecision;
  /** Lead agency as written (a code or a name); absent means the importing agency. */
  leadAgency?: string;
  /** Participating agencies as written (codes or names), in file order, no duplicates. */
  participantAgencies: string[];
  /** "Thời kỳ thanh tra/kiểm tra" as written, e.g. "2023 - 2024". */
  periodUnderReview?: string;
  durationWorkingDays?: number;
  note?: string;
  /** Stable across re-imports of the same content; see inspectionIdempotencyKey. */
  idempotencyKey: string;
}

/** What could be read of a row that has errors: the preview shows it for correction. */
export interface PartialImportRow {
  row: number;
  continuationRows?: number[];
  enterpriseName?: string;
  /** As written when it does not parse. */
  taxCode?: string;
  content?: string;
  field?: string;
  /** The field as written (cell or section row), to remember a correction of it. */
  fieldText?: string;
  type?: InspectionType;
  form?: InspectionForm;
  window?: DayWindow;
  leadAgency?: string;
  participantAgencies: string[];
  guesses: ReadingGuess[];
}

export type ImportErrorCode =
  | 'FILE_TYPE'
  | 'FILE_UNREADABLE'
  | 'FILE_ENCODING'
  | 'FILE_EMPTY'
  | 'FILE_TOO_MANY_ROWS'
  | 'FILE_TOO_MANY_CELLS'
  | 'FILE_TEXT_TOO_MUCH'
  | 'HEADER_NOT_FOUND'
  | 'COLUMN_MISSING'
  | 'TAX_CODE_REQUIRED'
  | 'TAX_CODE_FORMAT'
  | 'TAX_CODE_CHECK_DIGIT'
  | 'TAX_CODE_BRANCH_SUFFIX'
  | 'NAME_REQUIRED'
  | 'CONTENT_REQUIRED'
  | 'WINDOW_REQUIRED'
  | 'WINDOW_FORMAT'
  | 'WINDOW_INVALID_DATE'
  | 'WINDOW_REVERSED'
  | 'WINDOW_OUTSIDE_YEAR'
  | 'TYPE_REQUIRED'
  | 'TYPE_UNKNOWN'
  | 'FORM_UNKNOWN'
  | 'FIELD_REQUIRED'
  | 'FIELD_UNKNOWN'
  | 'FIELD_AMBIGUOUS'
  | 'DURATION_INVALID'
  | 'AGENCY_DUPLICATE'
  | 'DUPLICATE_ROW';

export interface ImportRowError {
  /** Spreadsheet row number as the user sees it; 0 for a problem with the whole file. */
  row: number;
  /** Header text as written in the file (the template's header when the column is missing). */
  column: string;
  /** API field name, as in POST /plans/:id/inspections; '' for the whole file. */
  field: string;
  code: ImportErrorCode;
  message: LocalizedMessage;
}

export interface ImportResult {
  rows: ImportedInspectionRow[];
  /** Every problem found, sorted by row then column; non-empty means import nothing. */
  errors: ImportRowError[];
  /** Where the table was found, for the answer to the user. */
  sheet?: string;
  headerRow?: number;
  /** Sheets tried, in workbook order, and why each other one was not taken. */
  sheetsTried?: string[];
  /** A legacy encoding the text was converted from ("TCVN3", "VNI", "Windows-1258"). */
  convertedFrom?: string;
  /** Rows with errors, as far as they could be read. */
  partialRows?: PartialImportRow[];
}

export interface ParsePlanOptions {
  /** The agency importing the plan; part of every idempotency key. */
  agencyCode: string;
  /** Plan year: years left out in the file are this one; windows must meet it. */
  year: number;
  /** Either tells the format; the file's own signature wins when they disagree. */
  filename?: string;
  mimeType?: string;
  /** Field-of-management list; the default list when omitted. */
  fields?: readonly FieldOfManagement[];
  /**
   * Type given with the upload: for rows whose own words and the title do not say. Order:
   * the "Loại" column, the row's content ("Kiểm tra việc..."), the title, this, agencyKind.
   */
  defaultType?: InspectionType;
  /** The importing agency's kind: the last resort for the type, always marked a guess. */
  agencyKind?: 'inspectorate' | 'specialised' | 'state-audit' | 'other';
  /** Form for rows that do not say; 'on-site' when omitted (the usual case in plans). */
  defaultForm?: InspectionForm;
  /** Field texts an officer mapped once for this agency (folded text → field code). */
  rememberedFields?: ReadonlyMap<string, string>;
  /** Guard against huge uploads; 20,000 data rows when omitted. */
  maxRows?: number;
  /** Characters of cell text the file may hold (DEFAULT_MAX_TEXT_CHARS when omitted). */
  maxTextChars?: number;
}
