import type { InspectionState } from '../../domain/vocabulary';
import {
  AgencyConflictCount,
  AgencyInspections,
  ConflictFigures,
  EnterpriseBurden,
  InspectionFigures,
  ReportsRepository,
  RuleConflictCount,
} from '../reports.repository';

/** Answers the grouped rows a test puts in, for any year asked (the years asked are kept). */
export class FakeReportsRepository extends ReportsRepository {
  /** Years whose inspection figures were read, and whose conflict figures were. */
  readonly years: number[] = [];
  readonly conflictYears: number[] = [];
  burden: EnterpriseBurden = {
    inspected: { beforeCoordination: 0, afterCoordination: 0 },
    inspectedMoreThanOnce: { beforeCoordination: 0, afterCoordination: 0 },
  };
  states: Partial<Record<InspectionState, number>> = {};
  agencyInspections: AgencyInspections[] = [];
  agencyConflicts: AgencyConflictCount[] = [];
  ruleConflicts: RuleConflictCount[] = [];

  async inspectionFigures(year: number): Promise<InspectionFigures> {
    this.years.push(year);
    return { burden: this.burden, byState: this.states, byAgency: this.agencyInspections };
  }
  async conflictFigures(year: number): Promise<ConflictFigures> {
    this.conflictYears.push(year);
    return { byAgencyAndStatus: this.agencyConflicts, byRuleAndStatus: this.ruleConflicts };
  }
}
