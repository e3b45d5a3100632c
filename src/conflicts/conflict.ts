import type { DayWindow } from '../domain/calendar-day';
import type { ConflictStatus, ResolutionKind } from '../domain/vocabulary';
import type { Bilingual, ConflictFacts, RuleFamily, RulebookRef, Severity } from './engine';

// The vocabularies live in the domain with their labels; re-exported for the feature's users.
export { CONFLICT_STATUSES, RESOLUTION_KINDS } from '../domain/vocabulary';
export type { ConflictStatus, ResolutionKind } from '../domain/vocabulary';

export interface Resolution {
  kind: ResolutionKind;
  inspectionId?: string;
  keepInspectionId?: string;
  mergedInspectionIds?: string[];
  window?: DayWindow;
  legalBasis?: string;
  evidence?: string;
  reason?: string;
  note?: string;
  meetingId?: string;
  decidedBy: string;
  decidedAt: Date;
}

export interface ConflictHistoryEntry {
  at: Date;
  actor: string;
  action: 'detected' | 'refreshed' | 'closed' | 'reopened' | 'resolved' | 'exempted';
  note?: string;
}

export interface Conflict {
  /** Deterministic: rule + sorted inspection ids, so detection is idempotent. */
  id: string;
  ruleId: string;
  family: RuleFamily;
  rulebook: RulebookRef;
  severity: Severity;
  /** Parent enterprise (10 digits). */
  taxCode: string;
  enterpriseName?: string;
  year: number;
  inspectionIds: string[];
  agencyCodes: string[];
  facts: ConflictFacts;
  explanation: Bilingual;
  legalBasis: Bilingual;
  status: ConflictStatus;
  resolution?: Resolution;
  closure?: { reason: string; explanation: Bilingual; at: Date };
  history: ConflictHistoryEntry[];
  /** Bumped on every change of status or facts: calendar SEQUENCE. */
  revision: number;
  firstDetectedAt: Date;
  lastDetectedAt: Date;
  /** Wall-clock ms of the last detection: a check that read before it must not close it. */
  lastDetectedMs: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConflictFilter {
  year?: number;
  status?: ConflictStatus;
  ruleId?: string;
  family?: RuleFamily;
  agencyCode?: string;
  /** Touching any of these agencies (a reader's own agencies); an empty list matches nothing. */
  agencyCodes?: string[];
  taxCode?: string;
  severity?: Severity;
}
