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

/**
 * What the yearly report reads, already grouped: one row per agency, rule or status, however
 * many inspections a year holds. "Registered" means in a plan that was not withdrawn.
 */
export abstract class ReportsRepository {
  abstract burdenByEnterprise(year: number): Promise<EnterpriseBurden>;
  /** Registered inspections of the year by state (states with none are absent). */
  abstract inspectionsByState(year: number): Promise<Partial<Record<InspectionState, number>>>;
  abstract inspectionsByAgency(year: number): Promise<AgencyInspections[]>;
  /** A conflict counts once for each agency involved in it. */
  abstract conflictsByAgencyAndStatus(year: number): Promise<AgencyConflictCount[]>;
  abstract conflictsByRuleAndStatus(year: number): Promise<RuleConflictCount[]>;
}
