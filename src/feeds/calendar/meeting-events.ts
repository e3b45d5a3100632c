// Coordination meeting → timed event in Asia/Ho_Chi_Minh (OPAQUE: people attend it).
import type { CalendarEvent } from './model';
import {
  type CalendarMappingContext,
  isWithdrawnStillVisible,
  linksFor,
  organizerFallback,
  withdrawnVisibleUntil,
} from './mapping-context';
import { eventUid } from './uid';
import { type AgencyRef, lines, viDay } from './vi-format';

export interface MeetingCalendarView {
  id: string;
  title: string;
  start: Date;
  end: Date;
  place: string;
  /** Who chairs, as people read it (e.g. "Phó Chánh Thanh tra tỉnh Nguyễn Văn A"). */
  chair: string;
  agencies: readonly AgencyRef[];
  /** Who calls the meeting (ORGANIZER); the deployment's address when absent. */
  convener?: AgencyRef;
  /** Conflicts on the agenda. */
  agendaCount: number;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  cancelled?: boolean;
  /** Defaults to updatedAt. */
  cancelledAt?: Date;
}

export function meetingSummary(v: MeetingCalendarView): string {
  const title = /^họp\b/iu.test(v.title) ? v.title : `Họp phối hợp — ${v.title}`;
  return `${v.cancelled ? '[ĐÃ HỦY] ' : ''}${title}`;
}

/** Null once a cancelled meeting is past the retention period (same policy as inspections). */
export function meetingToEvent(
  v: MeetingCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent | null {
  const cancelledAt = v.cancelledAt ?? v.updatedAt;
  if (v.cancelled && !isWithdrawnStillVisible(cancelledAt, ctx)) return null;
  const url = linksFor(ctx).meeting(v.id);
  return {
    uid: eventUid('meeting', [v.id], ctx.feedScope, ctx.uidDomain),
    sequence: v.revision,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    timing: { kind: 'timed', start: v.start, end: v.end },
    summary: meetingSummary(v),
    description: lines(
      `Chủ trì: ${v.chair}`,
      v.agencies.length > 0 && `Thành phần: ${v.agencies.map((a) => a.code).join(', ')}`,
      `${v.agendaCount} vụ chồng chéo cần xử lý`,
      v.cancelled && `Đã hủy; tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(cancelledAt, ctx))}.`,
      url,
    ),
    location: v.place,
    url,
    status: v.cancelled ? 'CANCELLED' : 'CONFIRMED',
    transparent: v.cancelled === true,
    organizer: {
      name: v.convener?.name ?? 'Thanh tra tỉnh',
      email: v.convener?.contactEmail ?? organizerFallback(ctx),
    },
  };
}

export function meetingEvents(
  views: readonly MeetingCalendarView[],
  ctx: CalendarMappingContext,
): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (const v of views) {
    const e = meetingToEvent(v, ctx);
    if (e) out.push(e);
  }
  return out;
}
