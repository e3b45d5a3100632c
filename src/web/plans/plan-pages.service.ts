import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { Clock } from '../../common/time/clock';
import { PLAN_STATUSES, PlanStatus } from '../../domain/vocabulary';
import type { Principal } from '../../identity/authentication/principal';
import { actsForEveryAgency, holdsAgency } from '../../identity/authorization/agency-scope';
import {
  ApprovePlanDto,
  ListPlansQuery,
  OptionalReasonDto,
  ReasonDto,
} from '../../registry/plans/plan.dto';
import { PlansService } from '../../registry/plans/plans.service';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { filterQuery, pageOf, yearOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

/** Plan actions a page offers, the statuses each starts from, and what the button says. */
export const PLAN_ACTIONS = {
  submit: { from: ['draft'], label: 'Trình phê duyệt' },
  approve: { from: ['submitted'], label: 'Phê duyệt' },
  return: { from: ['submitted'], label: 'Trả lại để sửa' },
  withdraw: { from: ['draft', 'submitted', 'approved'], label: 'Rút kế hoạch' },
  revise: { from: ['approved'], label: 'Điều chỉnh kế hoạch' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; label: string }>;
export type PlanAction = keyof typeof PLAN_ACTIONS;

const DONE: Record<string, string> = {
  submit: 'Đã trình kế hoạch.',
  approve: 'Đã phê duyệt kế hoạch.',
  return: 'Đã trả kế hoạch về dự thảo.',
  withdraw: 'Đã rút kế hoạch.',
  revise: 'Đã mở lại kế hoạch để điều chỉnh; bản đã duyệt được lưu trong lịch sử.',
  import: 'Đã nhập tệp kế hoạch.',
};

/** Rows of the inspections table per page: a plan may hold thousands. */
const INSPECTIONS_PER_PAGE = 100;

@Injectable()
export class PlanPages {
  constructor(
    private readonly plans: PlansService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
  ) {}

  async list(query: Record<string, unknown>): Promise<PageView> {
    const year = yearOf(query.year, Number(this.clock.today().slice(0, 4)));
    const status = PLAN_STATUSES.find((s) => s === query.status);
    const agencyCode =
      typeof query.agencyCode === 'string' && query.agencyCode.trim()
        ? query.agencyCode.trim().toUpperCase()
        : undefined;
    const filters = { year, status, agencyCode };
    const [page, agencies] = await Promise.all([
      this.plans.list({ ...filters, page: pageOf(query.page), pageSize: 50 } as ListPlansQuery),
      this.agencies.list(),
    ]);
    const names = Object.fromEntries(agencies.map((a) => [a.code, a.name]));
    return {
      template: 'plans.njk',
      title: `Kế hoạch thanh tra, kiểm tra năm ${year}`,
      data: {
        page,
        names,
        values: filters,
        filterQuery: filterQuery(filters),
        agencyOptions: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        statusOptions: PLAN_STATUSES.map((s) => ({ value: s, label: s })),
      },
    };
  }

  async detail(
    id: string,
    who: Principal,
    query: Record<string, unknown>,
    form?: { action: PlanAction; values: Record<string, unknown>; errors: FieldErrors },
  ): Promise<PageView> {
    const pageNo = pageOf(query.page);
    const [{ plan, inspections }, revisions] = await Promise.all([
      this.plans.getPage(id, pageNo, INSPECTIONS_PER_PAGE),
      this.plans.revisions(id),
    ]);
    const agency = await this.agencies.get(plan.agencyCode).catch(() => undefined);
    const own = actsForEveryAgency(who) || holdsAgency(who, plan.agencyCode);
    const approver = own && (who.roles.includes('admin') || who.roles.includes('approver'));
    const planner = own && (who.roles.includes('admin') || who.roles.includes('officer'));
    const actions = approver
      ? (Object.keys(PLAN_ACTIONS) as PlanAction[]).filter((a) =>
          (PLAN_ACTIONS[a].from as readonly PlanStatus[]).includes(plan.status),
        )
      : [];
    return {
      template: 'plan.njk',
      title: plan.title ?? `Kế hoạch năm ${plan.year} — ${agency?.name ?? plan.agencyCode}`,
      status: form ? 422 : 200,
      data: {
        plan,
        agency,
        revisions,
        inspections,
        actions: actions.map((a) => ({ name: a, label: PLAN_ACTIONS[a].label })),
        mayImport: planner && plan.status === 'draft',
        notice: DONE[String(query.done)] ?? '',
        form: form ?? { values: {}, errors: {} },
      },
    };
  }

  /** One of the approver's actions, with the same DTO and service call as the API's. */
  async act(
    id: string,
    action: PlanAction,
    body: Record<string, unknown>,
    who: Principal,
  ): Promise<PageResult> {
    const input = withoutBlanks(body);
    try {
      switch (action) {
        case 'submit':
          await this.plans.submit(id, who.username);
          break;
        case 'approve': {
          const decision =
            input.decisionNumber || input.decisionDate
              ? { number: input.decisionNumber, date: input.decisionDate }
              : undefined;
          const dto = await formAs(ApprovePlanDto, decision ? { decision } : {});
          await this.plans.approve(id, dto, who.username);
          break;
        }
        case 'return':
          await this.plans.returnToDraft(
            id,
            (await formAs(OptionalReasonDto, input)).reason,
            who.username,
          );
          break;
        case 'withdraw':
          await this.plans.withdraw(id, (await formAs(ReasonDto, input)).reason, who.username);
          break;
        case 'revise':
          await this.plans.revise(id, (await formAs(ReasonDto, input)).reason, who.username);
          break;
      }
    } catch (error) {
      const errors = fieldErrorsOf(error, {
        'decision.number': 'decisionNumber',
        'decision.date': 'decisionDate',
        decision: 'decisionNumber',
      });
      return this.detail(id, who, {}, { action, values: body, errors });
    }
    return redirectTo(`/web/plans/${encodeURIComponent(id)}?done=${action}`);
  }
}
