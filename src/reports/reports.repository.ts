import type { ConflictStatus, InspectionState } from '../domain/vocabulary';

/** Counts of parent enterprises: every inspection registered (before) / still happening (after). */
export interface BeforeAfter {
  beforeCoordination: number;
  afterCoordination: number;
}

export interface EnterpriseBurden {
  /** Parent enterprises (10-digit tax code) with at least one inspection. */
  inspected: BeforeAfter;
  /** Parents with more than one. */
  inspectedMoreThanOnce: BeforeAfter;
}

export interface AgencyInspections {
  agencyCode: string;
  /** Inspections the agency leads or takes part in (a joint one counts for each agency). */
  registered: number;
  active: number;
}

export interface AgencyConflictCount {
  agencyCode: string;
  status: ConflictStatus;
  count: number;
}

export interface RuleConflictCount {
  ruleId: string;
  family?: string;
  status: ConflictStatus;
  count: number;
}

/** What the report reads of a year's registered inspections. */
export interface InspectionFigures {
  burden: EnterpriseBurden;
  /** By state (states with none are absent). */
  byState: Partial<Record<InspectionState, number>>;
  byAgency: AgencyInspections[];
}

/** What the report reads of a year's conflicts. */
export interface ConflictFigures {
  /** A conflict counts once for each agency involved in it. */
  byAgencyAndStatus: AgencyConflictCount[];
  byRuleAndStatus: RuleConflictCount[];
}

/** The collection each part of the report is read from: a write to it changes that part. */
export const REPORT_SOURCES = {
  inspections: 'inspections',
  conflicts: 'conflicts',
  /** Agency names. */
  agencies: 'agencies',
} as const;

/**
 * What the yearly report reads, already grouped: one row per agency, rule or status, however
 * many inspections a year holds. "Registered" means in a plan that was not withdrawn. Each
 * figure is its own read, grouped from its first stage: nothing is computed per document first.
 */
export abstract class ReportsRepository {
  abstract inspectionFigures(year: number): Promise<InspectionFigures>;
  abstract conflictFigures(year: number): Promise<ConflictFigures>;
}
