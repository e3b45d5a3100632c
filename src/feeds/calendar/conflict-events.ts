// Conflict → all-day event(s) on the days it concerns, for an agency's conflicts feed: the exact
// days when the engine gives them (e.g. the overlap of two windows), else each involved
// inspection's window.
import type { DayWindow } from '../../domain/calendar-day';
import type { InspectionType } from '../../domain/vocabulary';
import type { CalendarEvent } from './model';
import {
  type CalendarMappingContext,
  isWithdrawnStillVisible,
  linksFor,
  organizerFallback,
  organizerFor,
  withdrawnVisibleUntil,
} from './mapping-context';
import { eventUid } from './uid';
import { type AgencyRef, lines, viDay } from './vi-format';

/**
 * open; decided (resolved / exempted) by the coordinator; or gone without a decision: its
 * cause went away (closed) or a conflict over a changed set of inspections replaced it
 * (superseded).
 */
export type ConflictCalendarStatus = 'open' | 'resolved' | 'exempted' | 'closed' | 'superseded';

export interface ConflictInspectionRef {
  id: string;
  type: InspectionType;
  leadAgency: AgencyRef;
  window: DayWindow;
  planDecisionNumber?: string;
}

export interface ConflictCalendarView {
  id: string;
  ruleId: string;
  /** Vietnamese name of the rule, e.g. "Trùng thời gian thanh tra, kiểm tra"; never shown raw. */
  ruleLabel?: string;
  rulebook: string;
  severity: 'block' | 'warn';
  status: ConflictCalendarStatus;
  taxCode: string;
  enterpriseName: string;
  year: number;
  inspections: readonly ConflictInspectionRef[];
  /** Exact days concerned (e.g. the overlap); default: each inspection's window. */
  concerns?: readonly DayWindow[];
  /** How it was decided, in Vietnamese, for resolved/exempted ones. */
  resolution?: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** When it was decided or went away; defaults to updatedAt. */
  closedAt?: Date;
}

const PREFIX: Record<ConflictCalendarStatus, string> = {
  open: '',
  resolved: '[ĐÃ XỬ LÝ] ',
  exempted: '[ĐƯỢC MIỄN TRỪ] ',
  closed: '[KHÔNG CÒN CHỒNG CHÉO] ',
  superseded: '[ĐÃ THAY THẾ] ',
};

/** Left the feed without a decision: CANCELLED for the retention period, then dropped. */
const GONE: ReadonlySet<ConflictCalendarStatus> = new Set(['closed', 'superseded']);

/**
 * Zero or more events: one per concerned window. Open ones are CONFIRMED; decided ones stay
 * as decided (CONFIRMED, "[ĐÃ XỬ LÝ]"), a record of what the meeting settled; closed and
 * superseded ones turn CANCELLED and drop after the retention period, so a replaced conflict
 * never reads as settled beside its open successor.
 */
export function conflictToEvents(
  v: ConflictCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent[] {
  const gone = GONE.has(v.status);
  const closedAt = v.closedAt ?? v.updatedAt;
  if (gone && !isWithdrawnStillVisible(closedAt, ctx)) return [];
  const url = linksFor(ctx).conflict(v.id);
  const rule = v.ruleLabel ?? 'Chồng chéo thanh tra, kiểm tra';
  const summary = `${PREFIX[v.status]}${rule} — ${v.enterpriseName}`;
  const description = lines(
    v.inspections.map((i) => i.leadAgency.name).join('; '),
    v.resolution && `Kết quả: ${v.resolution}`,
    gone && `Tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(closedAt, ctx))}.`,
    url,
  );
  const lead = v.inspections[0]?.leadAgency;
  return concernedWindows(v).map(({ key, window }) => ({
    uid: eventUid('conflict', [v.id, key], ctx.feedScope, ctx.uidDomain),
    sequence: v.revision,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    timing: { kind: 'all-day', startDay: window.from, endDayInclusive: window.to },
    summary,
    description,
    url,
    status: gone ? 'CANCELLED' : 'CONFIRMED',
    transparent: true,
    organizer: lead
      ? organizerFor(lead, ctx)
      : { name: 'Lịch thanh tra kiểm tra', email: organizerFallback(ctx) },
  }));
}

/** Stable per-event keys: the inspection id, or the concerned range itself. */
function concernedWindows(v: ConflictCalendarView): { key: string; window: DayWindow }[] {
  if (v.concerns?.length) {
    const seen = new Map<string, DayWindow>();
    for (const w of v.concerns) seen.set(`${w.from}_${w.to}`, w);
    return [...seen].map(([key, window]) => ({ key, window }));
  }
  const byId = new Map<string, DayWindow>();
  for (const i of v.inspections) byId.set(i.id, i.window);
  return [...byId].map(([key, window]) => ({ key, window }));
}

export function conflictEvents(
  views: readonly ConflictCalendarView[],
  ctx: CalendarMappingContext,
): CalendarEvent[] {
  return views.flatMap((v) => conflictToEvents(v, ctx));
}
