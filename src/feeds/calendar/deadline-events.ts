// A statutory deadline of an inspection → an all-day event on its due day, in the agency's
// feed. Only deadlines still open (due, overdue) are produced: one done leaves the feed, and
// the feed ledger publishes it as CANCELLED ("[ĐÃ GỠ KHỎI LỊCH]") instead of dropping it.
import type { CalendarDay } from '../../domain/calendar-day';
import { deadlineStepVi, type InspectionType } from '../../domain/vocabulary';
import type { CalendarEvent } from './model';
import { type CalendarMappingContext, linksFor, organizerFor } from './mapping-context';
import { eventUid } from './uid';
import type { AgencyRef } from './vi-format';

export interface DeadlineCalendarView {
  inspectionId: string;
  /** The rule it comes from (e.g. `nd217.announcement`). */
  ruleId: string;
  /**
   * The lifecycle's deadline step (window, announcement, on-site, ...): one deadline per step
   * of an inspection, so with the inspection it makes the UID (short, and stable should the
   * rulebook in force change with the decision's day).
   */
  step: string;
  type: InspectionType;
  enterpriseName: string;
  dueDate: CalendarDay;
  status: 'due' | 'done-in-time' | 'late' | 'overdue';
  leadAgency: AgencyRef;
  /** The lifecycle record's last change (the inspection's, before it has one). */
  updatedAt: Date;
}

export const OVERDUE_PREFIX = '[QUÁ HẠN] ';

/** "Hạn công bố quyết định kiểm tra — Công ty TNHH ABC" ("[QUÁ HẠN] " first when overdue). */
export function deadlineSummary(v: DeadlineCalendarView): string {
  const prefix = v.status === 'overdue' ? OVERDUE_PREFIX : '';
  return `${prefix}Hạn ${deadlineStepVi(v.step, v.type)} — ${v.enterpriseName}`;
}

/**
 * The event of one open deadline, or null once it is done (in time or late). Lean: the title,
 * the day and the link; the rule's text and the history are on the inspection's page. UID
 * without the due day, so a day moved by an extension moves the event (SEQUENCE grows).
 */
export function deadlineToEvent(
  v: DeadlineCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent | null {
  if (v.status !== 'due' && v.status !== 'overdue') return null;
  return {
    uid: eventUid('deadline', [v.inspectionId, v.step], ctx.feedScope, ctx.uidDomain),
    sequence: 0,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    timing: { kind: 'all-day', startDay: v.dueDate, endDayInclusive: v.dueDate },
    summary: deadlineSummary(v),
    url: linksFor(ctx).inspection(v.inspectionId),
    status: 'CONFIRMED',
    transparent: true,
    organizer: organizerFor(v.leadAgency, ctx),
  };
}
