// Inspection → all-day event over its visit window. Visit windows are plan dates (often a
// whole month), so events are TRANSPARENT: they inform, they do not block the subscriber's day.
import type { CalendarDay, DayWindow } from '../../domain/calendar-day';
import {
  AGENCY_KIND_LABEL_VI,
  INSPECTION_TYPE_LABEL_VI,
  type InspectionForm,
  type InspectionState,
  type InspectionType,
} from '../../domain/vocabulary';
import type { CalendarEvent, CalendarEventStatus } from './model';
import {
  type CalendarMappingContext,
  isWithdrawnStillVisible,
  linksFor,
  organizerFor,
  withdrawnVisibleUntil,
} from './mapping-context';
import { eventUid } from './uid';
import { type AgencyRef, lines, viDay } from './vi-format';

export interface InspectionCalendarView {
  id: string;
  taxCode: string;
  enterpriseName: string;
  /** The enterprise's address (LOCATION); its name when absent. */
  enterpriseAddress?: string;
  type: InspectionType;
  form: InspectionForm;
  field: string;
  /** Vietnamese name of the field, e.g. "đo lường"; the code is shown when absent. */
  fieldLabel?: string;
  content: string;
  window: DayWindow;
  leadAgency: AgencyRef;
  participantAgencies: readonly AgencyRef[];
  planDecisionNumber?: string;
  planDecisionDate?: CalendarDay;
  adHoc?: boolean;
  state: InspectionState;
  /** For state 'merged': the joint inspection it was merged into. */
  mergedIntoId?: string;
  /** Grows on every change of the record, cancellation included → SEQUENCE. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** When it was cancelled/merged; defaults to updatedAt. */
  withdrawnAt?: Date;
}

const STATUS_BY_STATE: Record<InspectionState, CalendarEventStatus> = {
  planned: 'TENTATIVE',
  scheduled: 'CONFIRMED',
  'in-progress': 'CONFIRMED',
  done: 'CONFIRMED',
  cancelled: 'CANCELLED',
  merged: 'CANCELLED',
};

const WITHDRAWN_PREFIX: Partial<Record<InspectionState, string>> = {
  cancelled: '[ĐÃ HỦY] ',
  merged: '[ĐÃ GỘP] ',
};

/**
 * What kind of work it is, as people name it: State Audit work is "Kiểm toán nhà nước";
 * a kiểm tra by a specialised body is "Kiểm tra chuyên ngành"; joint work is "liên ngành".
 */
export function inspectionKindLabel(v: InspectionCalendarView): string {
  if (v.leadAgency.kind === 'state-audit') return AGENCY_KIND_LABEL_VI['state-audit'];
  const joint = v.participantAgencies.length > 0;
  let kind = INSPECTION_TYPE_LABEL_VI[v.type];
  if (joint) kind += ' liên ngành';
  else if (v.type === 'kiem-tra' && v.leadAgency.kind !== 'inspectorate') kind += ' chuyên ngành';
  if (v.adHoc) kind += ' đột xuất';
  return kind;
}

/** "Kiểm tra chuyên ngành đo lường — Công ty TNHH ABC" (prefixed when withdrawn). */
export function inspectionSummary(v: InspectionCalendarView): string {
  const field = v.fieldLabel ?? v.field;
  const remote = v.form === 'remote' ? ' (từ xa)' : '';
  return `${WITHDRAWN_PREFIX[v.state] ?? ''}${inspectionKindLabel(v)} ${field}${remote} — ${v.enterpriseName}`;
}

/**
 * The event for one inspection in one feed, or null when it is no longer published: cancelled
 * and merged inspections stay as STATUS:CANCELLED for the retention period, then drop.
 * Lean: who inspects whom, what and where; everything else is on the page behind the link.
 */
export function inspectionToEvent(
  v: InspectionCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent | null {
  const withdrawn = v.state === 'cancelled' || v.state === 'merged';
  const withdrawnAt = v.withdrawnAt ?? v.updatedAt;
  if (withdrawn && !isWithdrawnStillVisible(withdrawnAt, ctx)) return null;
  const links = linksFor(ctx);
  // A public feed links to the enterprise's public page, never to an internal record.
  const url = ctx.publicEnterprise ? links.publicEnterprise(v.taxCode) : links.inspection(v.id);
  // Who leads is the ORGANIZER; what and whom the SUMMARY; where the LOCATION.
  const description = lines(
    v.participantAgencies.length > 0 &&
      `Phối hợp: ${v.participantAgencies.map((a) => a.name).join('; ')}`,
    v.state === 'merged' &&
      v.mergedIntoId &&
      !ctx.publicEnterprise &&
      `Gộp vào: ${links.inspection(v.mergedIntoId)}`,
    withdrawn && `Tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(withdrawnAt, ctx))}.`,
    url,
  );
  return {
    uid: eventUid('inspection', [v.id], ctx.feedScope, ctx.uidDomain),
    sequence: v.revision,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    timing: { kind: 'all-day', startDay: v.window.from, endDayInclusive: v.window.to },
    summary: inspectionSummary(v),
    description,
    location:
      v.form === 'remote'
        ? 'Từ xa (dữ liệu điện tử)'
        : v.enterpriseAddress
          ? v.enterpriseAddress
          : v.enterpriseName,
    url,
    status: STATUS_BY_STATE[v.state],
    transparent: true,
    organizer: organizerFor(v.leadAgency, ctx),
  };
}

export function inspectionEvents(
  views: readonly InspectionCalendarView[],
  ctx: CalendarMappingContext,
): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (const v of views) {
    const e = inspectionToEvent(v, ctx);
    if (e) out.push(e);
  }
  return out;
}
