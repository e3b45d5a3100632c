import { Inspection, Decision } from '../inspections/inspection';
import { PlanKind, PlanStatus } from '../../domain/vocabulary';

export interface Plan {
  id: string;
  agencyCode: string;
  year: number;
  kind: PlanKind;
  title?: string;
  decision?: Decision;
  status: PlanStatus;
  /** 1 for the first version; a revision of an approved plan starts the next number. */
  revision: number;
  statusReason?: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
  /**
   * Made by an import as the agency's draft annual plan of the year. At most one such plan
   * is a draft at a time (a unique index), so two simultaneous first imports share one.
   */
  importDraft?: true;
}

/** A frozen copy of a plan as it stood when a new revision replaced it. */
export interface PlanRevision {
  planId: string;
  revision: number;
  plan: Plan;
  inspections: Inspection[];
  reason: string;
  actor: string;
  at: Date;
}

export interface PlanFilter {
  year?: number;
  agencyCode?: string;
  /** Any of these agencies (an agency-scoped reader's). */
  agencyCodes?: string[];
  status?: PlanStatus;
  kind?: PlanKind;
}

export abstract class PlanRepository {
  abstract insert(plan: Plan): Promise<Plan>;
  /**
   * Inserts an import draft (plan.importDraft) unless one of its agency and year is already a
   * draft; answers the plan that won and whether it is the one given.
   */
  abstract insertImportDraft(plan: Plan): Promise<{ plan: Plan; created: boolean }>;
  abstract findById(id: string): Promise<Plan | null>;
  abstract findDraftAnnual(agencyCode: string, year: number): Promise<Plan | null>;
  abstract search(
    filter: PlanFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: Plan[]; total: number }>;
  /** Moves the plan only if it is still in `from`: concurrent transitions cannot both win. */
  abstract transition(
    id: string,
    from: Plan['status'][],
    changes: Partial<Plan>,
  ): Promise<Plan | null>;
  abstract touch(id: string, now: Date, actor: string): Promise<void>;
  /** Idempotent: the first copy of a revision stays (a revise cut short is retried). */
  abstract saveRevision(revision: PlanRevision): Promise<void>;
  abstract listRevisions(
    planId: string,
  ): Promise<Array<Omit<PlanRevision, 'inspections'> & { inspectionCount: number }>>;
  abstract findRevision(planId: string, revision: number): Promise<PlanRevision | null>;
}
