// A preview of a plan file: how every row was read, kept for a while so that the officer can
// correct readings and then commit exactly what was shown.
import type { ErrorDetail } from '../../../common/errors/domain-errors';
import type { PlanKind } from '../../../domain/vocabulary';
import type { PartialImportRow } from '../import';
import type { ResolvedImportRow } from '../plan-import.service';

export interface PreviewRowRecord {
  row: number;
  /** The reading when the row is complete; else what could be read of it. */
  reading?: ResolvedImportRow;
  partial?: PartialImportRow;
  errors: ErrorDetail[];
  /** The officer changed this row's reading. */
  corrected: boolean;
}

/** A stored row as the commit's first pass reads it. */
export interface PreviewRowKey {
  row: number;
  errors: ErrorDetail[];
  reading?: Pick<ResolvedImportRow, 'idempotencyKey' | 'parentTaxCode'>;
}

/** A preview but its rows (stored apart, in chunks). */
export interface ImportPreviewHeader {
  id: string;
  agencyCode: string;
  year: number;
  kind: PlanKind;
  /** The target plan at preview time (absent: the commit creates one). */
  planId?: string;
  /** The target plan's state at preview time; the commit refuses if it changed. */
  planStamp: string;
  /** planId was given with the upload (not the agency's draft found by the preview). */
  planIdGiven: boolean;
  actor: string;
  filename?: string;
  sheet?: string;
  headerRow?: number;
  sheetsTried?: string[];
  convertedFrom?: string;
  /** Problems of the whole file (row 0). */
  fileErrors: ErrorDetail[];
  createdAt: Date;
  expiresAt: Date;
  committedAt?: Date;
}

export interface ImportPreview extends ImportPreviewHeader {
  rows: PreviewRowRecord[];
}

/**
 * Rows per stored chunk: far below MongoDB's 16 MB per document, and small enough that what a
 * chunk holds while it is written or read back dies young instead of growing the heap.
 */
export const ROWS_PER_CHUNK = 250;

/**
 * Persistence port for previews. Rows are stored a chunk at a time as the file is read, then
 * the header: a preview that is found has all its rows. They are read back a chunk at a time.
 */
export abstract class ImportPreviewRepository {
  /** Stores chunk `index` (0, 1, ...) of a preview's rows, in row order. */
  abstract saveRows(
    id: string,
    index: number,
    rows: PreviewRowRecord[],
    expiresAt: Date,
  ): Promise<void>;
  /** Stores the header once its `chunks` chunks of rows are stored. */
  abstract saveHeader(header: ImportPreviewHeader, chunks: number): Promise<void>;
  abstract findHeader(id: string): Promise<ImportPreviewHeader | null>;
  abstract findRow(id: string, row: number): Promise<PreviewRowRecord | null>;
  /** The rows, a stored chunk at a time, in row order. */
  abstract rowChunks(id: string): AsyncIterable<PreviewRowRecord[]>;
  /** What a commit checks first of every row: its errors, and its key and parent if valid. */
  abstract rowKeys(id: string): AsyncIterable<PreviewRowKey[]>;
  abstract replaceRow(id: string, row: PreviewRowRecord): Promise<void>;
  /** Marks the preview committed unless it already is: only one commit of a preview wins. */
  abstract claimCommit(id: string, at: Date): Promise<boolean>;
  /** Undoes claimCommit when the commit failed, so the officer can try again. */
  abstract releaseCommit(id: string): Promise<void>;
  /** A committed preview keeps only its header (to answer PREVIEW_COMMITTED): rows go. */
  abstract dropRows(id: string): Promise<void>;
}

export type MappingKind = 'agency' | 'field';

/** Texts an agency's officer mapped once ("Chi cục QLTT" → QLTT), used in its next files. */
export abstract class ImportMappingRepository {
  abstract listFor(
    agencyCode: string,
  ): Promise<{ kind: MappingKind; written: string; value: string }[]>;
  abstract remember(
    agencyCode: string,
    kind: MappingKind,
    written: string,
    value: string,
    actor: string,
    at: Date,
  ): Promise<void>;
}
