import type { DayWindow } from '../../../domain/calendar-day';
import type { FieldOfManagement } from '../../../domain/fields-of-management';
import type { LocalizedMessage } from '../../../domain/localized-message';
import type { InspectionForm, InspectionType } from '../../../domain/vocabulary';
import type { WindowPrecision } from './visit-window';

/** One valid row of a plan table, in API terms. Text is NFC-normalised and trimmed. */
export interface ImportedInspectionRow {
  /** Spreadsheet row number as the user sees it. */
  row: number;
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

export type ImportErrorCode =
  | 'FILE_TYPE'
  | 'FILE_UNREADABLE'
  | 'FILE_ENCODING'
  | 'FILE_EMPTY'
  | 'FILE_TOO_MANY_ROWS'
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
  /** Type for rows that do not say (no "Loại" column, blank cell); else read from the title. */
  defaultType?: InspectionType;
  /** Form for rows that do not say; 'on-site' when omitted (the usual case in plans). */
  defaultForm?: InspectionForm;
  /** Guard against huge uploads; 20,000 data rows when omitted. */
  maxRows?: number;
}
