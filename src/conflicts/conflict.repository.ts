import type { Bilingual, DetectedConflict } from './engine';
import type { Conflict, ConflictFilter, ConflictHistoryEntry, Resolution } from './conflict';

export interface DetectionStamp {
  at: Date;
  ms: number;
  actor: string;
}

export interface ConflictClosing {
  id: string;
  reason: string;
  explanation: Bilingual;
}

export abstract class ConflictRepository {
  /**
   * Inserts new conflicts as open, refreshes open ones, reopens closed ones; decided ones stay.
   * Answers how many it opened (new or reopened). Open ones whose facts did not change get
   * their last-detection stamp only with `touchUnchanged` (write-time checks: it keeps a
   * concurrent check from closing them); a re-scan that changes nothing writes nothing.
   */
  abstract upsertDetected(
    conflicts: DetectedConflict[],
    stamp: DetectionStamp,
    enterpriseNames: Map<string, string>,
    options?: { touchUnchanged?: boolean },
  ): Promise<number>;
  /** Closes open conflicts not detected since `readStartedMs` (a concurrent check may have just opened one). */
  abstract closeIfStale(
    closings: ConflictClosing[],
    readStartedMs: number,
    stamp: DetectionStamp,
  ): Promise<number>;
  abstract findOpenByParents(parentTaxCodes: string[]): Promise<Conflict[]>;
  abstract findByParents(parentTaxCodes: string[]): Promise<Conflict[]>;
  abstract findByIds(ids: string[]): Promise<Conflict[]>;
  abstract findById(id: string): Promise<Conflict | null>;
  abstract search(
    filter: ConflictFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: Conflict[]; total: number }>;
  abstract stream(filter: ConflictFilter): AsyncIterable<Conflict>;
  /** Open conflicts of a year whose last detection is older than `ms` (re-scan sweep). */
  abstract findStaleOpen(year: number, ms: number): Promise<Conflict[]>;
  /** Records a decision if the conflict is still open; null when someone else decided first. */
  abstract decide(
    id: string,
    status: 'resolved' | 'exempted',
    resolution: Resolution,
    entry: ConflictHistoryEntry,
  ): Promise<Conflict | null>;
  /**
   * Takes back a resolution whose edits could not all be made (an inspection changed
   * meanwhile): resolved → open again, its resolution dropped; null when it is not resolved.
   */
  abstract reopenUnapplied(id: string, entry: ConflictHistoryEntry): Promise<Conflict | null>;
}
