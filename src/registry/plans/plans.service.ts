import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyRepository } from '../../agencies/agency';
import { AuditTrail } from '../../audit/audit';
import {
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../common/errors/domain-errors';
import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import { PlanStatus } from '../../domain/vocabulary';
import { Inspection, InspectionRepository } from '../inspections/inspection';
import { ParentsChangedBus } from '../parents-changed';
import { Plan, PlanRepository } from './plan';
import { ApprovePlanDto, CreatePlanDto, ListPlansQuery } from './plan.dto';

export type PlanView = Plan & { inspections: Inspection[]; inspectionCount: number };

@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlanRepository,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly clock: Clock,
  ) {}

  async create(input: CreatePlanDto, actor: string): Promise<Plan> {
    return (await this.createPlan(input, actor, false)).plan;
  }

  /** The import's new draft annual plan: simultaneous first imports get one plan, not two. */
  createImportDraft(
    input: CreatePlanDto,
    actor: string,
  ): Promise<{ plan: Plan; created: boolean }> {
    return this.createPlan(input, actor, true);
  }

  private async createPlan(
    input: CreatePlanDto,
    actor: string,
    importDraft: boolean,
  ): Promise<{ plan: Plan; created: boolean }> {
    if (!(await this.agencies.findByCode(input.agencyCode))) {
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `agency ${input.agencyCode} does not exist`,
        [
          {
            field: 'agencyCode',
            code: 'AGENCY_NOT_FOUND',
            message: `agency ${input.agencyCode} does not exist`,
          },
        ],
      );
    }
    const now = this.clock.now();
    const plan: Plan = {
      id: randomUUID(),
      agencyCode: input.agencyCode,
      year: input.year,
      kind: input.kind,
      ...(input.title && { title: input.title }),
      ...(input.decision && {
        decision: { number: input.decision.number, date: input.decision.date },
      }),
      status: 'draft',
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      updatedBy: actor,
    };
    if (importDraft) {
      const won = await this.plans.insertImportDraft(plan);
      if (!won.created) return won; // a simultaneous import made it first
    } else await this.plans.insert(plan);
    await this.audit.record({ entityType: 'plan', entityId: plan.id, action: 'created', actor });
    return { plan, created: true };
  }

  async get(id: string): Promise<PlanView> {
    const plan = await this.find(id);
    const inspections = await this.inspections.findByPlan(id);
    return { ...plan, inspections, inspectionCount: inspections.length };
  }

  /**
   * The plan with one page of its inspections, in get's order, and the count of them all (a
   * plan's page shows 500 inspections a page at a time: only the page is read).
   */
  async getPage(
    id: string,
    page: number,
    pageSize: number,
  ): Promise<{ plan: Plan & { inspectionCount: number }; inspections: Page<Inspection> }> {
    const plan = await this.find(id);
    const { items, total } = await this.inspections.search(
      { planId: id },
      'taxCode',
      (page - 1) * pageSize,
      pageSize,
    );
    return {
      plan: { ...plan, inspectionCount: total },
      inspections: { items, total, page, pageSize },
    };
  }

  /** `within`: an agency-scoped reader's agencies (undefined: all). */
  async list(query: ListPlansQuery, within?: string[]): Promise<Page<Plan>> {
    const { items, total } = await this.plans.search(
      {
        year: query.year,
        agencyCode: query.agencyCode,
        agencyCodes: within,
        status: query.status,
        kind: query.kind,
      },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async submit(id: string, actor: string): Promise<Plan> {
    await this.find(id);
    if ((await this.inspections.countByPlan(id, true)) === 0) {
      throw new RuleViolationError('PLAN_EMPTY', 'A plan without inspections cannot be submitted');
    }
    return this.move(id, ['draft'], 'submitted', actor, {});
  }

  async approve(id: string, input: ApprovePlanDto, actor: string): Promise<Plan> {
    const plan = await this.find(id);
    const decision = input.decision ?? plan.decision;
    if (plan.status === 'submitted' && !decision) {
      throw new RuleViolationError(
        'DECISION_REQUIRED',
        'Approval needs the decision (number and date) that approves the plan',
        [
          {
            field: 'decision',
            code: 'DECISION_REQUIRED',
            message: 'give decision.number and decision.date',
          },
        ],
      );
    }
    return this.move(
      id,
      ['submitted'],
      'approved',
      actor,
      decision ? { decision: { number: decision.number, date: decision.date } } : {},
    );
  }

  /** Sends a submitted plan back to its agency for changes. */
  async returnToDraft(id: string, reason: string | undefined, actor: string): Promise<Plan> {
    return this.move(id, ['submitted'], 'draft', actor, { statusReason: reason });
  }

  async withdraw(id: string, reason: string, actor: string): Promise<Plan> {
    // Its inspections stop counting: conflicts they caused may now close.
    const parents = [
      ...new Set((await this.inspections.findByPlan(id)).map((i) => i.parentTaxCode)),
    ];
    const touched = await this.parentsChanged.announce(parents, actor);
    const plan = await this.move(id, ['draft', 'submitted', 'approved'], 'withdrawn', actor, {
      statusReason: reason,
    });
    await this.parentsChanged.publish({ parentTaxCodes: parents, actor }, touched);
    return plan;
  }

  /** An approved plan changes only through a new revision: freeze it, then reopen as a draft. */
  async revise(id: string, reason: string, actor: string): Promise<Plan> {
    const plan = await this.find(id);
    if (plan.status !== 'approved') {
      throw new RuleViolationError(
        'PLAN_NOT_APPROVED',
        `Only an approved plan is revised; this one is ${plan.status}`,
      );
    }
    const now = this.clock.now();
    await this.plans.saveRevision({
      planId: id,
      revision: plan.revision,
      plan,
      inspections: await this.inspections.findByPlan(id),
      reason,
      actor,
      at: now,
    });
    return this.move(id, ['approved'], 'draft', actor, {
      revision: plan.revision + 1,
      decision: undefined,
      statusReason: reason,
    });
  }

  async revisions(id: string) {
    const plan = await this.find(id);
    const frozen = await this.plans.listRevisions(id);
    return {
      current: { revision: plan.revision, status: plan.status },
      revisions: frozen.map((r) => ({
        revision: r.revision,
        reason: r.reason,
        actor: r.actor,
        at: r.at,
        status: r.plan.status,
        decision: r.plan.decision,
        inspectionCount: r.inspectionCount,
      })),
    };
  }

  async revision(id: string, revision: number) {
    await this.find(id);
    const frozen = await this.plans.findRevision(id, revision);
    if (!frozen) throw new NotFoundError('PlanRevision', `${id}/${revision}`);
    return frozen;
  }

  private async find(id: string): Promise<Plan> {
    const plan = await this.plans.findById(id);
    if (!plan) throw new NotFoundError('Plan', id);
    return plan;
  }

  private async move(
    id: string,
    from: PlanStatus[],
    to: PlanStatus,
    actor: string,
    changes: Partial<Plan>,
  ): Promise<Plan> {
    const before = await this.find(id);
    const now = this.clock.now();
    const moved = await this.plans.transition(id, from, {
      ...changes,
      status: to,
      updatedAt: now,
      updatedBy: actor,
    });
    if (!moved) {
      throw new RuleViolationError(
        'INVALID_PLAN_TRANSITION',
        `A ${before.status} plan cannot become ${to} (allowed from: ${from.join(', ')})`,
        [{ field: 'status', code: 'INVALID_PLAN_TRANSITION', message: `plan is ${before.status}` }],
      );
    }
    await this.audit.record({
      entityType: 'plan',
      entityId: id,
      action: to,
      actor,
      changes: [
        { field: 'status', from: before.status, to },
        ...(changes.revision
          ? [{ field: 'revision', from: before.revision, to: changes.revision }]
          : []),
      ],
      note: changes.statusReason,
    });
    // Inspections carry a copy of the plan's status and decision (scans and feeds need no join).
    await this.inspections.updatePlanFields(
      id,
      { planStatus: moved.status, planDecision: moved.decision },
      now,
      changesEvents(before, moved),
    );
    return moved;
  }
}

/**
 * Whether a plan's move changes what its inspections' calendar events show: the approval
 * decision, or whether they still happen. Draft ↔ submitted changes neither.
 */
function changesEvents(before: Plan, after: Plan): boolean {
  return (
    JSON.stringify(before.decision) !== JSON.stringify(after.decision) ||
    (before.status === 'withdrawn') !== (after.status === 'withdrawn')
  );
}
