import { CalendarDay, DayWindow } from '../../domain/calendar-day';
import {
  InspectionForm,
  InspectionState,
  InspectionType,
  PlanKind,
  PlanStatus,
} from '../../domain/vocabulary';

export interface Decision {
  number: string;
  date: CalendarDay;
}

/** One planned inspection (cuộc thanh tra / kiểm tra) of one enterprise, inside a plan. */
export interface Inspection {
  id: string;
  planId: string;
  /** Copied from the plan so that conflict scans and feeds need no join. */
  planKind: PlanKind;
  planStatus: PlanStatus;
  planDecision?: Decision;
  /** The agency whose plan registers it. */
  agencyCode: string;
  year: number;
  taxCode: string;
  parentTaxCode: string;
  enterpriseName: string;
  type: InspectionType;
  form: InspectionForm;
  field: string;
  content: string;
  periodUnderReview?: string;
  window: DayWindow;
  durationWorkingDays?: number;
  leadAgencyCode: string;
  participantAgencyCodes: string[];
  adHocEvidence?: string;
  /** The ad-hoc decision's scope, when it is narrower than "anything in this window". */
  adHocScope?: { fields?: string[]; window?: DayWindow };
  state: InspectionState;
  mergedInto?: string;
  stateReason?: string;
  notes?: string;
  /** Identity of the plan-table row it was imported from: re-importing is idempotent. */
  importKey?: string;
  /** Bumped on every change: calendar SEQUENCE, optimistic concurrency. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

/** The fields conflict detection reads (rules, soundness check, explanations): no more. */
export const DETECTION_FIELDS = [
  'id',
  'planId',
  'planKind',
  'planStatus',
  'year',
  'taxCode',
  'parentTaxCode',
  'enterpriseName',
  'type',
  'form',
  'field',
  'window',
  'durationWorkingDays',
  'leadAgencyCode',
  'participantAgencyCodes',
  'adHocEvidence',
  'adHocScope',
  'state',
] as const satisfies readonly (keyof Inspection)[];

/** An inspection as detection reads it (a re-scan projects to these fields). */
export type DetectionRecord = Pick<Inspection, (typeof DETECTION_FIELDS)[number]>;

/** What an inspection copies from its plan. */
export type PlanFacts = Pick<Inspection, 'planStatus' | 'planDecision'>;

export interface InspectionFilter {
  year?: number;
  /** Plan years in [yearFrom, yearTo] (re-scans reach one year either side). */
  yearFrom?: number;
  yearTo?: number;
  agencyCode?: string;
  /** Matches the lead, a participant or the registering agency. */
  involvingAgencyCode?: string;
  /** Involving any of these agencies (an agency-scoped reader's), as involvingAgencyCode. */
  involvingAnyOf?: string[];
  taxCode?: string;
  parentTaxCode?: string;
  field?: string;
  type?: InspectionType;
  state?: InspectionState;
  planId?: string;
  /** Windows that share at least one day with [from, to]. */
  windowFrom?: CalendarDay;
  windowTo?: CalendarDay;
}

export type InspectionSortKey =
  'window.from' | '-window.from' | 'taxCode' | 'parentTaxCode' | 'updatedAt' | '-updatedAt';

export abstract class InspectionRepository {
  abstract insertMany(inspections: Inspection[]): Promise<void>;
  /** Inserts those whose importKey is new; returns how many were inserted. */
  abstract insertNewImports(
    inspections: Inspection[],
  ): Promise<{ inserted: string[]; alreadyPresent: number }>;
  abstract deleteByIds(ids: string[]): Promise<void>;
  abstract findById(id: string): Promise<Inspection | null>;
  abstract findByIds(ids: string[]): Promise<Inspection[]>;
  abstract findByPlan(planId: string): Promise<Inspection[]>;
  /** Every inspection of these parent enterprises (all years, all states): the rule context. */
  abstract findByParents(parentTaxCodes: string[]): Promise<Inspection[]>;
  abstract search(
    filter: InspectionFilter,
    sort: InspectionSortKey,
    skip: number,
    limit: number,
  ): Promise<{ items: Inspection[]; total: number }>;
  /** Streams matching inspections with a lean cursor (exports, feeds, re-scans). */
  abstract stream(filter: InspectionFilter, sort?: InspectionSortKey): AsyncIterable<Inspection>;
  /**
   * Streams matching inspections as detection reads them (only its fields, no hydration), in
   * the driver's batches, sorted by parent enterprise: a parent's records are consecutive.
   */
  abstract streamForDetection(filter: InspectionFilter): AsyncIterable<DetectionRecord[]>;
  /** Applies `changes` only if the stored revision is still `expectedRevision`. */
  abstract updateIfRevision(
    id: string,
    expectedRevision: number,
    changes: Partial<Inspection>,
  ): Promise<Inspection | null>;
  /**
   * Copies the plan's status and decision onto all its inspections (an absent decision is
   * removed); `bumpRevision` when their calendar events change, so SEQUENCE goes up.
   */
  abstract updatePlanFields(
    planId: string,
    plan: PlanFacts,
    now: Date,
    bumpRevision: boolean,
  ): Promise<void>;
  abstract countByPlan(planId: string, activeOnly: boolean): Promise<number>;
}
