// Turns a subscription's slice of the registry into calendar events. Reads stream from lean
// cursors and are bounded in time (a plan year, or FEED_PAST_DAYS / FEED_FUTURE_DAYS), so a
// feed never grows without limit (Google drops feeds over about 1 MB).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { Conflict } from '../conflicts/conflict';
import { ConflictRepository } from '../conflicts/conflict.repository';
import { CalendarDay } from '../domain/calendar-day';
import { parseTaxCode } from '../domain/tax-code';
import { RESOLUTION_KIND_LABELS } from '../domain/vocabulary';
import { FieldCatalog } from '../fields/field-catalog';
import { effectiveState } from '../registry/inspections/effective-state';
import {
  Inspection,
  InspectionFilter,
  InspectionRepository,
} from '../registry/inspections/inspection';
import { ruleLabel } from '../conflicts/engine/rule-labels';
import { Enterprise, EnterpriseRepository } from '../registry/enterprises/enterprise';
import { PlanRepository } from '../registry/plans/plan';
import {
  type AgencyRef,
  CalendarEvent,
  CalendarMappingContext,
  type ConflictCalendarStatus,
  conflictToEvents,
  ConflictCalendarView,
  deadlineToEvent,
  domainDayOf,
  inspectionToEvent,
  InspectionCalendarView,
  meetingToEvent,
  MeetingCalendarView,
} from './calendar';
import { FeedFilters, FeedSubscription } from './feed';

/** Supplied by the meetings feature; absent, the meetings feed is simply empty. */
export abstract class MeetingCalendarSource {
  abstract meetingsBetween(from: Date, to: Date): AsyncIterable<MeetingCalendarView>;
}

/**
 * What a feed anyone may read leaves out. Supplied by the inspection lifecycle (for instance,
 * an unannounced kiểm tra must not show in a public feed before it starts); absent, every
 * inspection of an approved plan is public.
 */
export abstract class PublicInspectionGate {
  /** The subset of `inspections` the public may see on `asOf`, in their order. */
  abstract publicOf(inspections: Inspection[], asOf: CalendarDay): Promise<Inspection[]>;
}

/** A statutory deadline of an inspection, as the lifecycle derives it on a day. */
export interface InspectionDeadline {
  inspectionId: string;
  ruleId: string;
  step: string;
  dueDate: CalendarDay;
  status: 'due' | 'done-in-time' | 'late' | 'overdue';
  /** The lifecycle record's last change (the inspection's, before it has one). */
  updatedAt: Date;
}

/**
 * Supplied by the inspection lifecycle: each inspection's statutory deadlines, shown in the
 * agency's feed. Absent, no deadline events.
 */
export abstract class InspectionDeadlines {
  abstract deadlinesOf(inspections: Inspection[], asOf: CalendarDay): Promise<InspectionDeadline[]>;
}

export interface FeedRange {
  from: CalendarDay;
  to: CalendarDay;
}

type FeedDefinition = Pick<FeedSubscription, 'scope' | 'ref' | 'filters'> & {
  /** The enterprise's public feed (no token): links to its public page, the public gate applies. */
  public?: boolean;
};

const ENTERPRISE_BATCH = 500;
/** Plans of one status read at once when looking for revisions in progress. */
const PLANS_UNDER_REVISION = 1_000;

@Injectable()
export class FeedEventsService {
  constructor(
    private readonly inspections: InspectionRepository,
    private readonly conflicts: ConflictRepository,
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly plans: PlanRepository,
    private readonly fields: FieldCatalog,
    @Optional() @Inject(MeetingCalendarSource) private readonly meetings?: MeetingCalendarSource,
    @Optional() @Inject(PublicInspectionGate) private readonly publicGate?: PublicInspectionGate,
    @Optional() @Inject(InspectionDeadlines) private readonly deadlines?: InspectionDeadlines,
  ) {}

  /**
   * The feed's events whose days meet `range` (a whole plan year, or the rolling window).
   * `named` collects the agency codes the events name (their names come from the registry).
   */
  async events(
    feed: FeedDefinition,
    range: FeedRange,
    ctx: CalendarMappingContext,
    named?: Set<string>,
  ): Promise<CalendarEvent[]> {
    const byCode = new Map((await this.agencies.list({})).map((a) => [a.code, a]));
    const agency = (code: string): AgencyRef => {
      named?.add(code);
      const a = byCode.get(code);
      return a
        ? {
            code,
            name: a.name,
            kind: a.kind,
            ...(a.contactEmail && { contactEmail: a.contactEmail }),
          }
        : { code, name: code };
    };
    const out: CalendarEvent[] = [];
    switch (feed.scope) {
      case 'agency':
      case 'enterprise':
      case 'province': {
        const filter = this.inspectionFilter(feed, range);
        const rows: Inspection[] = [];
        for await (const i of this.inspections.stream(filter, 'window.from')) {
          // An enterprise sees only what an approved plan commits to.
          if (feed.scope === 'enterprise' && i.planStatus !== 'approved') continue;
          rows.push(i);
        }
        // While an approved plan is being revised, its enterprises keep seeing the approved
        // version (the frozen revision) until the new one is approved.
        if (feed.scope === 'enterprise') rows.push(...(await this.approvedUnderRevision(filter)));
        if (feed.public && this.publicGate)
          rows.splice(0, rows.length, ...(await this.publicGate.publicOf(rows, ctx.asOf)));
        // Names and addresses as the registry has them now: a rename shows in every event.
        const enterprises = await this.enterprisesOf(rows.map((i) => i.parentTaxCode));
        for (const i of rows) {
          const event = inspectionToEvent(this.inspectionView(i, agency, enterprises), ctx);
          if (event) out.push(event);
        }
        if (feed.scope === 'agency')
          out.push(...(await this.deadlineEvents(feed.ref!, rows, agency, enterprises, ctx)));
        break;
      }
      case 'conflicts': {
        const rows: Conflict[] = [];
        for await (const c of this.conflicts.stream({
          agencyCode: feed.ref,
          ...(feed.filters.year && { year: feed.filters.year }),
        })) {
          if (conflictMatches(c, feed.filters)) rows.push(c);
        }
        const enterprises = await this.enterprisesOf(rows.map((c) => c.taxCode));
        for (const c of rows)
          out.push(...conflictToEvents(this.conflictView(c, agency, enterprises), ctx));
        break;
      }
      case 'meetings': {
        if (!this.meetings) break;
        const from = new Date(`${range.from}T00:00:00+07:00`);
        const to = new Date(`${range.to}T23:59:59+07:00`);
        for await (const m of this.meetings.meetingsBetween(from, to)) {
          const event = meetingToEvent(m, ctx);
          if (event) out.push(event);
        }
        break;
      }
    }
    // Every kind is bounded by the same days: a conflict's windows older than the range go.
    return out.filter((e) => meets(e, range));
  }

  /**
   * The open statutory deadlines (due, overdue) of the agency's own inspections (it owns or
   * leads them; a participant answers for none), one all-day event each on its due day.
   */
  private async deadlineEvents(
    agencyCode: string,
    rows: Inspection[],
    agency: (code: string) => AgencyRef,
    enterprises: Map<string, Enterprise>,
    ctx: CalendarMappingContext,
  ): Promise<CalendarEvent[]> {
    if (!this.deadlines) return [];
    const own = rows.filter(
      (i) =>
        i.planStatus === 'approved' &&
        (i.agencyCode === agencyCode || i.leadAgencyCode === agencyCode),
    );
    if (own.length === 0) return [];
    const byId = new Map(own.map((i) => [i.id, i]));
    const out: CalendarEvent[] = [];
    for (const d of await this.deadlines.deadlinesOf(own, ctx.asOf)) {
      const i = byId.get(d.inspectionId);
      if (!i) continue;
      const event = deadlineToEvent(
        {
          ...d,
          type: i.type,
          enterpriseName: enterprises.get(i.taxCode)?.name ?? i.enterpriseName,
          leadAgency: agency(i.leadAgencyCode),
        },
        ctx,
      );
      if (event) out.push(event);
    }
    return out;
  }

  /** The approved version of inspections whose plan is back in draft/submitted for a revision. */
  private async approvedUnderRevision(filter: InspectionFilter): Promise<Inspection[]> {
    const out: Inspection[] = [];
    for (const status of ['draft', 'submitted'] as const) {
      const { items } = await this.plans.search(
        { status, ...(filter.year && { year: filter.year }) },
        0,
        PLANS_UNDER_REVISION,
      );
      for (const plan of items) {
        if (plan.revision < 2) continue;
        const frozen = await this.plans.findRevision(plan.id, plan.revision - 1);
        if (frozen?.plan.status !== 'approved') continue;
        for (const i of frozen.inspections) if (inspectionMatches(i, filter)) out.push(i);
      }
    }
    return out;
  }

  private async enterprisesOf(parentTaxCodes: string[]): Promise<Map<string, Enterprise>> {
    const parents = [...new Set(parentTaxCodes)];
    const byTaxCode = new Map<string, Enterprise>();
    for (let i = 0; i < parents.length; i += ENTERPRISE_BATCH) {
      for (const e of await this.enterprises.findByParents(parents.slice(i, i + ENTERPRISE_BATCH)))
        byTaxCode.set(e.taxCode, e);
    }
    return byTaxCode;
  }

  private inspectionFilter(feed: FeedDefinition, range: FeedRange): InspectionFilter {
    const filter: InspectionFilter = { windowFrom: range.from, windowTo: range.to };
    if (feed.filters.year) filter.year = feed.filters.year;
    if (feed.filters.field) filter.field = feed.filters.field;
    if (feed.filters.type) filter.type = feed.filters.type;
    if (feed.scope === 'agency') filter.involvingAgencyCode = feed.ref;
    if (feed.scope === 'enterprise') {
      const tax = parseTaxCode(feed.ref);
      if (tax.ok && tax.isBranch) filter.taxCode = tax.taxCode;
      else filter.parentTaxCode = tax.ok ? tax.parent : feed.ref;
    }
    return filter;
  }

  private inspectionView(
    i: Inspection,
    agency: (code: string) => AgencyRef,
    enterprises: Map<string, Enterprise>,
  ): InspectionCalendarView {
    const enterprise = enterprises.get(i.taxCode);
    return {
      id: i.id,
      taxCode: i.taxCode,
      enterpriseName: enterprise?.name ?? i.enterpriseName,
      ...(enterprise?.address && { enterpriseAddress: enterprise.address }),
      type: i.type,
      form: i.form,
      field: i.field,
      fieldLabel: this.fields.label(i.field),
      content: i.content,
      window: i.window,
      leadAgency: agency(i.leadAgencyCode),
      participantAgencies: i.participantAgencyCodes.map(agency),
      planDecisionNumber: i.planDecision?.number,
      planDecisionDate: i.planDecision?.date,
      adHoc: i.planKind === 'ad-hoc',
      // A withdrawn plan's inspections are cancelled for its subscribers (for 30 days).
      state: effectiveState(i),
      mergedIntoId: i.mergedInto,
      revision: i.revision,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    };
  }

  private conflictView(
    c: Conflict,
    agency: (code: string) => AgencyRef,
    enterprises: Map<string, Enterprise>,
  ): ConflictCalendarView {
    const decided = c.status === 'resolved' || c.status === 'exempted';
    return {
      id: c.id,
      ruleId: c.ruleId,
      ruleLabel: ruleLabel(c.ruleId, c.family).vi,
      rulebook: c.rulebook.id,
      severity: c.severity,
      status: calendarStatus(c),
      taxCode: c.taxCode,
      enterpriseName: enterprises.get(c.taxCode)?.name ?? c.enterpriseName ?? c.taxCode,
      year: c.year,
      inspections: c.facts.inspections.map((i) => ({
        id: i.id,
        type: i.type,
        leadAgency: agency(i.leadAgencyCode),
        window: i.window,
      })),
      concerns: c.facts.commonDays ? [c.facts.commonDays] : undefined,
      resolution:
        decided && c.resolution ? RESOLUTION_KIND_LABELS[c.resolution.kind].vi : undefined,
      revision: c.revision,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      closedAt:
        c.status === 'open' ? undefined : (c.closure?.at ?? c.resolution?.decidedAt ?? c.updatedAt),
    };
  }
}

/** Closed because a conflict over a changed set of inspections took over: superseded. */
function calendarStatus(c: Conflict): ConflictCalendarStatus {
  if (c.status !== 'closed') return c.status;
  return c.closure?.reason === 'superseded' ? 'superseded' : 'closed';
}

/** A conflict meets a field / type filter when one of its inspections does. */
function conflictMatches(c: Conflict, filters: FeedFilters): boolean {
  if (!filters.field && !filters.type) return true;
  return c.facts.inspections.some(
    (i) =>
      (!filters.field || i.field === filters.field) && (!filters.type || i.type === filters.type),
  );
}

/** The in-memory twin of the repository's filter, for frozen revisions. */
function inspectionMatches(i: Inspection, f: InspectionFilter): boolean {
  return (
    (!f.year || i.year === f.year) &&
    (!f.field || i.field === f.field) &&
    (!f.type || i.type === f.type) &&
    (!f.taxCode || i.taxCode === f.taxCode) &&
    (!f.parentTaxCode || i.parentTaxCode === f.parentTaxCode) &&
    (!f.windowFrom || i.window.to >= f.windowFrom) &&
    (!f.windowTo || i.window.from <= f.windowTo)
  );
}

function meets(e: CalendarEvent, range: FeedRange): boolean {
  const t = e.timing;
  const first = t.kind === 'all-day' ? t.startDay : domainDayOf(t.start);
  const last = t.kind === 'all-day' ? t.endDayInclusive : domainDayOf(t.end);
  return first <= range.to && last >= range.from;
}
