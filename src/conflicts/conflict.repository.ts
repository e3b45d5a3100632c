import type { Bilingual, DetectedConflict, OpenConflictRef } from './engine';
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

/** An open conflict as detection compares it: what the diff needs and the stored facts' hash. */
export interface OpenConflictState extends OpenConflictRef {
  year: number;
  /** Hash of what people read of it (absent on conflicts stored before hashes). */
  factsHash?: string;
  /** The agencies whose conflict feeds show it now (a changed conflict may leave some). */
  agencyCodes?: string[];
}

export abstract class ConflictRepository {
  /**
   * Inserts new conflicts as open, refreshes open ones, reopens closed ones; decided ones stay.
   * Answers how many it opened (new or reopened). Open ones whose facts did not change get
   * their last-detection stamp only with `touchUnchanged` (write-time checks: it keeps a
   * concurrent check from closing them); a re-scan that changes nothing writes nothing.
   * `open`: the open conflicts just read (findOpenByParents), not looked up again.
   */
  abstract upsertDetected(
    conflicts: DetectedConflict[],
    stamp: DetectionStamp,
    enterpriseNames: Map<string, string>,
    options?: { touchUnchanged?: boolean; open?: readonly OpenConflictState[] },
  ): Promise<number>;
  /** Closes open conflicts not detected since `readStartedMs` (a concurrent check may have just opened one). */
  abstract closeIfStale(
    closings: ConflictClosing[],
    readStartedMs: number,
    stamp: DetectionStamp,
  ): Promise<number>;
  /** The open conflicts of these parents (of one plan year when given), as detection compares them. */
  abstract findOpenByParents(parentTaxCodes: string[], year?: number): Promise<OpenConflictState[]>;
  abstract findByParents(parentTaxCodes: string[]): Promise<Conflict[]>;
  abstract findByIds(ids: string[]): Promise<Conflict[]>;
  abstract findById(id: string): Promise<Conflict | null>;
  abstract search(
    filter: ConflictFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: Conflict[]; total: number }>;
  abstract stream(filter: ConflictFilter): AsyncIterable<Conflict>;
  /** The parent tax codes that have open conflicts of a year (the re-scan's orphan sweep). */
  abstract parentsWithOpen(year: number): Promise<string[]>;
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
