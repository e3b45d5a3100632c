// Turns a subscription's slice of the registry into calendar events. Reads stream from lean
// cursors and are bounded in time (FEED_PAST_DAYS / FEED_FUTURE_DAYS), so a feed never
// grows without limit (Google drops feeds over about 1 MB).
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
import {
  CalendarEvent,
  CalendarMappingContext,
  conflictToEvents,
  ConflictCalendarView,
  inspectionToEvent,
  InspectionCalendarView,
  meetingToEvent,
  MeetingCalendarView,
} from './calendar';
import { FeedSubscription } from './feed';

/** Supplied by the meetings feature; absent, the meetings feed is simply empty. */
export abstract class MeetingCalendarSource {
  abstract meetingsBetween(from: Date, to: Date): AsyncIterable<MeetingCalendarView>;
}

export interface FeedRange {
  from: CalendarDay;
  to: CalendarDay;
}

@Injectable()
export class FeedEventsService {
  constructor(
    private readonly inspections: InspectionRepository,
    private readonly conflicts: ConflictRepository,
    private readonly agencies: AgencyRepository,
    private readonly fields: FieldCatalog,
    @Optional() @Inject(MeetingCalendarSource) private readonly meetings?: MeetingCalendarSource,
  ) {}

  async events(
    feed: Pick<FeedSubscription, 'scope' | 'ref' | 'filters'>,
    range: FeedRange,
    ctx: CalendarMappingContext,
  ): Promise<CalendarEvent[]> {
    const agencyNames = new Map((await this.agencies.list({})).map((a) => [a.code, a.name]));
    const agency = (code: string) => ({ code, name: agencyNames.get(code) ?? code });
    const out: CalendarEvent[] = [];
    switch (feed.scope) {
      case 'agency':
      case 'enterprise':
      case 'province': {
        const filter = this.inspectionFilter(feed, range);
        for await (const i of this.inspections.stream(filter, 'window.from')) {
          // An enterprise sees only what an approved plan commits to.
          if (feed.scope === 'enterprise' && i.planStatus !== 'approved') continue;
          const event = inspectionToEvent(this.inspectionView(i, agency), ctx);
          if (event) out.push(event);
        }
        break;
      }
      case 'conflicts': {
        for await (const c of this.conflicts.stream({
          agencyCode: feed.ref,
          ...(feed.filters.year && { year: feed.filters.year }),
        })) {
          if (!conflictMeets(c, range)) continue;
          out.push(...conflictToEvents(this.conflictView(c, agency), ctx));
        }
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
    return out;
  }

  private inspectionFilter(
    feed: Pick<FeedSubscription, 'scope' | 'ref' | 'filters'>,
    range: FeedRange,
  ): InspectionFilter {
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
    agency: (code: string) => { code: string; name: string },
  ): InspectionCalendarView {
    return {
      id: i.id,
      taxCode: i.taxCode,
      enterpriseName: i.enterpriseName,
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
    agency: (code: string) => { code: string; name: string },
  ): ConflictCalendarView {
    const decided = c.status === 'resolved' || c.status === 'exempted';
    return {
      id: c.id,
      ruleId: c.ruleId,
      rulebook: c.rulebook.id,
      severity: c.severity,
      // A conflict whose cause went away reads as resolved in a calendar.
      status: c.status === 'closed' ? 'resolved' : c.status,
      taxCode: c.taxCode,
      enterpriseName: c.enterpriseName ?? c.taxCode,
      year: c.year,
      inspections: c.facts.inspections.map((i) => ({
        id: i.id,
        type: i.type,
        leadAgency: agency(i.leadAgencyCode),
        window: i.window,
      })),
      concerns: c.facts.commonDays ? [c.facts.commonDays] : undefined,
      resolution: decided
        ? c.resolution && RESOLUTION_KIND_LABELS[c.resolution.kind].vi
        : c.closure?.explanation.vi,
      revision: c.revision,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      closedAt: c.status === 'open' ? undefined : c.updatedAt,
    };
  }
}

function conflictMeets(c: Conflict, range: FeedRange): boolean {
  return c.facts.inspections.some((i) => i.window.from <= range.to && i.window.to >= range.from);
}
