// Plain data the conflict engine reads and writes. No Nest, no mongoose: the service maps its
// documents to these shapes and back, so the engine can run in a unit test, a bench or a worker.
import type { CalendarDay, DayWindow } from '../../domain/calendar-day';
import type { LocalizedMessage } from '../../domain/localized-message';
import type {
  AgencyKind,
  InspectionForm,
  InspectionState,
  InspectionType,
  PlanKind,
} from '../../domain/vocabulary';

/** People-facing text in both languages (the domain's LocalizedMessage). */
export type Bilingual = LocalizedMessage;

export type Severity = 'block' | 'warn';

export interface AgencyRef {
  code: string;
  kind: AgencyKind;
}

/** What an ad-hoc decision allows: the inspection may not reach beyond it. */
export interface AdHocScope {
  fields?: readonly string[];
  window?: DayWindow;
}

/** One inspection (cuộc thanh tra / kiểm tra) as the engine sees it. */
export interface EngineInspection {
  id: string;
  /** 10 digits, or 'NNNNNNNNNN-NNN' for a branch; rules count per parent (first 10 digits). */
  taxCode: string;
  enterpriseName?: string;
  type: InspectionType;
  form: InspectionForm;
  /** Field of state management (configurable code list). */
  field: string;
  window: DayWindow;
  leadAgency: AgencyRef;
  /** Other agencies of a joint (liên ngành) inspection; the record still counts once. */
  participantAgencyCodes: readonly string[];
  planKind: PlanKind;
  planId?: string;
  /** Reference to the recorded evidence of clear signs of violation (ad-hoc basis). */
  adHocEvidence?: string;
  adHocScope?: AdHocScope;
  state: InspectionState;
  durationWorkingDays?: number;
}

export interface EnterpriseFacts {
  /** Flagged as complying well (NQ198): on-site checks should become remote ones. */
  goodComplier?: boolean;
  name?: string;
}

/** Keyed by parent tax code (10 digits). */
export type EnterpriseLookup =
  ReadonlyMap<string, EnterpriseFacts> | ((parentTaxCode: string) => EnterpriseFacts | undefined);

export type AgencyNameLookup =
  ReadonlyMap<string, string> | ((agencyCode: string) => string | undefined);

export type FieldNameLookup =
  ReadonlyMap<string, Bilingual> | ((fieldCode: string) => Bilingual | undefined);

/** Facts about the world the inspections do not carry themselves. */
export interface DetectionContext {
  enterprises?: EnterpriseLookup;
  /** Names used in explanations; the agency code is shown when a name is missing. */
  agencyNames?: AgencyNameLookup;
  /** Names of fields of state management in explanations; the code is shown when missing. */
  fieldNames?: FieldNameLookup;
  /**
   * How explanations name an inspection a person knows (a file's row, an agency's window);
   * without it, or when it answers undefined, the inspection's id is shown in brackets.
   */
  inspectionName?: InspectionNamer;
}

export type InspectionNamer = (
  inspection: EngineInspection,
  agencyName: (code: string) => string,
) => Bilingual | undefined;

export const RULE_FAMILIES = [
  'frequency',
  'same-field',
  'window-overlap',
  'state-audit',
  'ad-hoc-evidence',
  'ad-hoc-scope',
  'thanh-tra-authority',
  'good-complier-remote',
] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

/** One inspection as it stood when the conflict was detected (kept for the record). */
export interface InspectionFact {
  id: string;
  taxCode: string;
  type: InspectionType;
  form: InspectionForm;
  field: string;
  window: DayWindow;
  leadAgencyCode: string;
  leadAgencyKind: AgencyKind;
  participantAgencyCodes: string[];
  planKind: PlanKind;
  planId?: string;
  year: number;
}

export interface ConflictFacts {
  /** The inspections the conflict is about, sorted by window start then id. */
  inspections: InspectionFact[];
  /** Every agency involved (lead and participants), sorted. */
  agencyCodes: string[];
  /** Inspections that count against the limit (frequency). */
  count?: number;
  maxPerYear?: number;
  countedTypes?: InspectionType[];
  /** same-field: the field of state management in both a thanh tra and a kiểm tra. */
  field?: string;
  /** window-overlap: the first to the last day of the cluster, and the days all share (if any). */
  span?: DayWindow;
  commonDays?: DayWindow;
  /** state-audit: which of the inspections are the State Audit's. */
  stateAuditInspectionIds?: string[];
  /** ad-hoc-scope: what the decision allowed and what lies outside it. */
  decisionScope?: AdHocScope;
  fieldOutsideDecision?: string;
  windowOutsideDecision?: DayWindow;
  /** thanh-tra-authority: the day from which only inspectorates may run a thanh tra. */
  effectiveFrom?: CalendarDay;
}

export interface RulebookRef {
  id: string;
  version: string;
}

export interface DetectedConflict {
  /** `${ruleId}:${sha1(sorted inspection ids joined by ',')}` — same inputs, same id. */
  id: string;
  ruleId: string;
  family: RuleFamily;
  rulebook: RulebookRef;
  severity: Severity;
  /** Parent enterprise (10 digits). */
  taxCode: string;
  /** Year of the earliest window start among the inspections. */
  year: number;
  /** Sorted (plain string order). */
  inspectionIds: string[];
  facts: ConflictFacts;
  /** Read-aloud text for the coordination meeting; rendered on first read, then kept. */
  explanation: Bilingual;
  legalBasis: Bilingual;
}
