import { Inject, Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { Clock } from '../../common/time/clock';
import { addDays } from '../../domain/calendar-day';
import { ConflictQueriesService } from '../../conflicts/conflict-queries.service';
import { ListConflictsQuery } from '../../conflicts/conflict.dto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { feedUidScope } from '../../feeds/calendar';
import { FeedEventsService } from '../../feeds/feed-events.service';
import type { Principal } from '../../identity/authentication/principal';
import {
  actsForEveryAgency,
  holdsAgency,
  readableAgencies,
} from '../../identity/authorization/agency-scope';
import { RecordAgencies } from '../../identity/authorization/record-agencies';
import { EnterprisesService } from '../../registry/enterprises/enterprises.service';
import { INACTIVE_INSPECTION_STATES } from '../../domain/vocabulary';
import type { WorkingCalendar } from '../../lifecycle/calendar/public-holidays';
import type { LifecycleStep } from '../../lifecycle/lifecycle';
import { OWN } from '../../lifecycle/lifecycle.controller';
import {
  LifecycleService,
  WORKING_CALENDAR,
  type LifecycleView,
} from '../../lifecycle/lifecycle.service';
import type { StepInputs } from '../../lifecycle/transitions';
import { InspectionsService } from '../../registry/inspections/inspections.service';
import type { Conflict } from '../../conflicts/conflict';
import { NotFoundError } from '../../common/errors/domain-errors';
import type { Inspection } from '../../registry/inspections/inspection';
import { timeline } from '../charts/timeline';
import { FieldErrors, formAs } from '../forms/form-errors';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';
import { isStep, offeredSteps, STEP_FORMS, stepBody, stepErrorsOf } from './lifecycle-step-forms';

const INSPECTION_DONE: Record<string, string> = {
  created: 'Đã thêm cuộc vào kế hoạch.',
  updated: 'Đã lưu thay đổi.',
  ...Object.fromEntries(
    Object.values(STEP_FORMS).map((f) => [`step-${f.step}`, `Đã ghi nhận: ${f.label}.`]),
  ),
};

/** A step's form refused: what was typed and the errors, shown again on the page. */
interface StepFormState {
  step: LifecycleStep;
  values: Record<string, unknown>;
  errors: FieldErrors;
}

@Injectable()
export class RecordPages {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly enterprises: EnterprisesService,
    private readonly conflicts: ConflictQueriesService,
    private readonly agencies: AgenciesService,
    private readonly events: FeedEventsService,
    private readonly lifecycles: LifecycleService,
    private readonly records: RecordAgencies,
    private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async agencyNames(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.agencies.list()).map((a) => [a.code, a.name]));
  }

  async inspection(
    id: string,
    who: Principal,
    done?: unknown,
    refused?: StepFormState,
  ): Promise<PageView> {
    const inspection = await this.inspections.get(id);
    const [names, related] = await Promise.all([
      this.agencyNames(),
      this.conflicts.list(
        { taxCode: inspection.parentTaxCode, page: 1, pageSize: 100 } as ListConflictsQuery,
        who,
      ),
    ]);
    const conflicts = related.items.filter((c) => c.inspectionIds.includes(id));
    // Only approved plans have a life (the API answers 422 PLAN_NOT_APPROVED otherwise).
    const life: LifecycleView | null =
      inspection.planStatus === 'approved' ? await this.lifecycles.view(id) : null;
    const next = life && (await this.mayRecord(id, who)) ? this.nextSteps(inspection, life) : [];
    // The refused form opens; else the first step of the usual course (for a kiểm tra, its
    // start rather than the announcement: it is announced when it starts).
    const usual = next.filter((s) => !s.occasional).map((s) => s.step);
    const open =
      refused?.step ??
      (inspection.type === 'kiem-tra' && usual.includes('on-site-start')
        ? 'on-site-start'
        : usual[0]);
    return {
      template: 'inspection.njk',
      title: `${inspection.type === 'thanh-tra' ? 'Thanh tra' : 'Kiểm tra'} ${inspection.enterpriseName}`,
      status: refused ? 422 : 200,
      data: {
        inspection,
        names,
        conflicts,
        life,
        steps: life ? stepsOf(life) : [],
        stepForms: next.map(({ step }) => ({
          ...STEP_FORMS[step],
          action: `/web/inspections/${encodeURIComponent(id)}/steps/${step}`,
          open: step === open,
          values: refused?.step === step ? refused.values : {},
          errors: refused?.step === step ? refused.errors : {},
        })),
        refusedStep: refused?.step ?? '',
        notice: INSPECTION_DONE[String(done)] ?? '',
        mayEdit:
          (actsForEveryAgency(who) || holdsAgency(who, inspection.agencyCode)) &&
          (who.roles.includes('admin') || who.roles.includes('officer')),
      },
    };
  }

  /**
   * One step of the inspection's life from its page: the API's DTO and LifecycleService.record,
   * as POST /inspections/:id/lifecycle/…; refused, the page again with what was typed.
   */
  async recordStep(
    id: string,
    step: string,
    body: Record<string, unknown>,
    who: Principal,
  ): Promise<PageResult> {
    if (!isStep(step)) throw new NotFoundError('Lifecycle step', step);
    const form = STEP_FORMS[step];
    try {
      const dto = await formAs(form.dto, stepBody(form, body));
      await this.lifecycles.record(
        id,
        step,
        dto as unknown as StepInputs[typeof step],
        who.username,
      );
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      const errors = stepErrorsOf(error, form, body);
      return this.inspection(id, who, undefined, { step, values: body, errors });
    }
    return redirectTo(`/web/inspections/${encodeURIComponent(id)}?done=step-${step}`);
  }

  /** As the route guard decides for the steps' routes (OWN): role, then the answering agency. */
  private async mayRecord(id: string, who: Principal): Promise<boolean> {
    if (!OWN.roles.some((r) => who.roles.includes(r))) return false;
    if (actsForEveryAgency(who)) return true;
    const agency = await this.records.ofInspection(id);
    return agency !== null && holdsAgency(who, agency);
  }

  /** The steps the lifecycle's transitions would take today (rulebook: only lengths, not order). */
  private nextSteps(inspection: Inspection, life: LifecycleView) {
    return offeredSteps(life, {
      type: inspection.type,
      planStatus: inspection.planStatus,
      state: inspection.state,
      level: 'province',
      calendar: this.calendar,
      today: this.clock.today(),
      actor: '',
      now: this.clock.now(),
    });
  }

  /** Every inspection of the enterprise and its branches on one timeline, with its conflicts. */
  async enterprise(taxCode: string, who: Principal): Promise<PageView> {
    // As GET /enterprises/:taxCode: an agency's reader sees the inspections and conflicts
    // involving its agencies.
    const [view, names] = await Promise.all([
      this.enterprises.view(taxCode, readableAgencies(who)),
      this.agencyNames(),
    ]);
    const conflicts = ((view as { conflicts?: Conflict[] }).conflicts ?? []).sort((a, b) =>
      a.status === b.status ? b.year - a.year : a.status === 'open' ? -1 : 1,
    );
    const inConflict = new Set(
      conflicts.filter((c) => c.status === 'open').flatMap((c) => c.inspectionIds),
    );
    // Another agency's inspection overlapping the reader's: not among its records, but the
    // open conflict that involves the reader's agency states it (as GET /conflicts/:id does),
    // so the overlap is seen on the timeline, without a link to a record it may not open.
    const own = new Set(view.inspections.map((i) => i.id));
    const stated = new Map(
      conflicts
        .filter((c) => c.status === 'open')
        .flatMap((c) => c.facts?.inspections ?? [])
        .filter((i) => !own.has(i.id))
        .map((i) => [i.id, i] as const),
    );
    const rows = [
      ...view.inspections.map((i) =>
        timelineRow(i, {
          state: i.state,
          href: `/web/inspections/${encodeURIComponent(i.id)}`,
          tone: INACTIVE_INSPECTION_STATES.includes(i.state)
            ? 'inactive'
            : inConflict.has(i.id)
              ? 'conflict'
              : 'normal',
        }),
      ),
      // Not the reader's record: no state of its own shown, no link.
      ...[...stated.values()].map((i) =>
        timelineRow(i, { state: undefined, href: undefined, tone: 'conflict' }),
      ),
    ].sort((a, b) => a.window.from.localeCompare(b.window.from) || a.id.localeCompare(b.id));
    const chart = timeline(
      rows.map((i) => ({
        id: i.id,
        label: `${names[i.leadAgencyCode] ?? i.leadAgencyCode} · ${i.type === 'thanh-tra' ? 'TT' : 'KT'}`,
        from: i.window.from,
        to: i.window.to,
        href: i.href,
        tone: i.tone,
      })),
    );
    return {
      template: 'enterprise.njk',
      title: `${view.name} (MST ${view.taxCode})`,
      data: { enterprise: view, rows, names, conflicts, chart },
    };
  }

  /**
   * What the public may see of an enterprise: exactly what its public calendar feed shows
   * (approved plans only, through the same event mapping), and only when it made it public.
   */
  async publicEnterprise(taxCode: string): Promise<PageView> {
    const enterprise = await this.enterprises.get(taxCode).catch(() => null);
    if (!enterprise?.publicFeed)
      return {
        template: 'public-enterprise.njk',
        title: 'Lịch thanh tra, kiểm tra chưa được công bố',
        status: 404,
        data: { enterprise: null },
      };
    const asOf = this.clock.today();
    const feed = { scope: 'enterprise' as const, ref: enterprise.taxCode, filters: {} };
    const base = this.config.publicBaseUrl;
    const events = await this.events.events(
      feed,
      {
        from: addDays(asOf, -this.config.feedPastDays),
        to: addDays(asOf, this.config.feedFutureDays),
      },
      { feedScope: feedUidScope(feed), uidDomain: new URL(base).hostname, baseUrl: base, asOf },
    );
    return {
      template: 'public-enterprise.njk',
      title: `Lịch thanh tra, kiểm tra — ${enterprise.name}`,
      data: {
        enterprise: { name: enterprise.name, taxCode: enterprise.taxCode },
        events: events.map((e) => ({
          summary: e.summary,
          status: e.status,
          from: e.timing.kind === 'all-day' ? e.timing.startDay : undefined,
          to: e.timing.kind === 'all-day' ? e.timing.endDayInclusive : undefined,
          start: e.timing.kind === 'timed' ? e.timing.start : undefined,
        })),
        icsUrl: `/public/enterprises/${encodeURIComponent(enterprise.taxCode)}/lich.ics`,
      },
    };
  }
}

/** What the enterprise page's table and timeline show of one inspection. */
interface TimelineRow extends Pick<
  Inspection,
  'id' | 'window' | 'leadAgencyCode' | 'type' | 'form' | 'field'
> {
  state: Inspection['state'] | undefined;
  href: string | undefined;
  tone: 'inactive' | 'conflict' | 'normal';
}

/** One row of the enterprise page, whether the reader's own record or one a conflict states. */
function timelineRow(
  i: Omit<TimelineRow, 'state' | 'href' | 'tone'>,
  shown: Pick<TimelineRow, 'state' | 'href' | 'tone'>,
): TimelineRow {
  return {
    id: i.id,
    window: i.window,
    leadAgencyCode: i.leadAgencyCode,
    type: i.type,
    form: i.form,
    field: i.field,
    ...shown,
  };
}

/** An inspection's life as dated steps, in order, in Vietnamese (what is recorded so far). */
export function stepsOf(l: LifecycleView): { day: string; label: string; detail?: string }[] {
  const out: { day: string; label: string; detail?: string }[] = [];
  if (l.decision)
    out.push({ day: l.decision.date, label: 'Quyết định', detail: `Số ${l.decision.number}` });
  if (l.announced) out.push({ day: l.announced.date, label: 'Công bố quyết định' });
  if (l.onSite.start) out.push({ day: l.onSite.start, label: 'Bắt đầu làm việc tại doanh nghiệp' });
  if (l.onSite.suspension)
    out.push({
      day: l.onSite.suspension.from,
      label: 'Tạm dừng',
      detail: `đến ${l.onSite.suspension.to}: ${l.onSite.suspension.reason}`,
    });
  if (l.onSite.extension)
    out.push({
      day: l.onSite.extension.date,
      label: 'Gia hạn',
      detail: `${l.onSite.extension.days} ngày: ${l.onSite.extension.reason}`,
    });
  if (l.onSite.end) out.push({ day: l.onSite.end, label: 'Kết thúc làm việc tại doanh nghiệp' });
  if (l.resultsReport) out.push({ day: l.resultsReport.date, label: 'Báo cáo kết quả' });
  if (l.draftConclusion) out.push({ day: l.draftConclusion.date, label: 'Dự thảo kết luận' });
  if (l.conclusion)
    out.push({ day: l.conclusion.date, label: 'Ký kết luận', detail: `Số ${l.conclusion.number}` });
  if (l.published) out.push({ day: l.published.date, label: 'Công khai kết luận' });
  for (const f of l.followUps)
    out.push({ day: f.date, label: 'Theo dõi sau kết luận', detail: f.note });
  if (l.notCarriedOut)
    out.push({
      day: l.notCarriedOut.date,
      label: 'Không tiến hành',
      detail: l.notCarriedOut.reason,
    });
  return out.sort((a, b) => a.day.localeCompare(b.day));
}
