import type { Bilingual } from '../../conflicts/engine';

/** What happened to a conflict within a digest's window. */
export type ConflictChangeKind = 'opened' | 'closed' | 'decided';

export interface ConflictChange {
  kind: ConflictChangeKind;
  at: Date;
  conflictId: string;
  ruleId: string;
  family: string;
  taxCode: string;
  enterpriseName?: string;
  year: number;
  agencyCodes: string[];
  explanation: Bilingual;
  /** For a decision: resolved or exempted, with the meeting if one decided it. */
  decision?: { status: string; kind?: string; meetingId?: string };
}

/** History entries that count as each kind of change. */
export const CHANGE_OF_ACTION: Record<string, ConflictChangeKind> = {
  detected: 'opened',
  reopened: 'opened',
  closed: 'closed',
  resolved: 'decided',
  exempted: 'decided',
};

/** Reads what happened to conflicts, from their own history (written with every change). */
export abstract class ConflictChangesSource {
  /**
   * The changes in [from, to), oldest first, of the conflicts touching `agencyCode` (all of
   * them when absent); for each conflict its last change of each kind.
   */
  abstract between(from: Date, to: Date, agencyCode?: string): Promise<ConflictChange[]>;
}
