import type { InspectionState } from '../../domain/vocabulary';
import {
  AgencyConflictCount,
  AgencyInspections,
  EnterpriseBurden,
  ReportsRepository,
  RuleConflictCount,
} from '../reports.repository';

/** Answers the grouped rows a test puts in, for any year asked (the years asked are kept). */
export class FakeReportsRepository extends ReportsRepository {
  readonly years: number[] = [];
  burden: EnterpriseBurden = {
    inspected: { beforeCoordination: 0, afterCoordination: 0 },
    inspectedMoreThanOnce: { beforeCoordination: 0, afterCoordination: 0 },
  };
  states: Partial<Record<InspectionState, number>> = {};
  agencyInspections: AgencyInspections[] = [];
  agencyConflicts: AgencyConflictCount[] = [];
  ruleConflicts: RuleConflictCount[] = [];

  async burdenByEnterprise(year: number): Promise<EnterpriseBurden> {
    this.years.push(year);
    return this.burden;
  }
  async inspectionsByState(): Promise<Partial<Record<InspectionState, number>>> {
    return this.states;
  }
  async inspectionsByAgency(): Promise<AgencyInspections[]> {
    return this.agencyInspections;
  }
  async conflictsByAgencyAndStatus(): Promise<AgencyConflictCount[]> {
    return this.agencyConflicts;
  }
  async conflictsByRuleAndStatus(): Promise<RuleConflictCount[]> {
    return this.ruleConflicts;
  }
}
