// Conflict → all-day event(s) on the days it concerns, for an agency's conflicts feed: the exact
// days when the engine gives them (e.g. the overlap of two windows), else each involved
// inspection's window. Open conflicts are CONFIRMED; resolved/exempted ones follow the same
// withdrawn policy as cancelled inspections (CANCELLED for the retention period, then dropped).
import type { DayWindow } from '../../domain/calendar-day';
import { INSPECTION_TYPE_LABEL_VI, type InspectionType } from '../../domain/vocabulary';
import type { CalendarEvent } from './model';
import {
  type CalendarMappingContext,
  isWithdrawnStillVisible,
  linksFor,
  withdrawnVisibleUntil,
} from './mapping-context';
import { eventUid } from './uid';
import { type AgencyRef, lines, viAgency, viDay, viWindow } from './vi-format';

export type ConflictCalendarStatus = 'open' | 'resolved' | 'exempted';

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
  /** Vietnamese name of the rule, e.g. "Trùng thời gian kiểm tra"; ruleId when absent. */
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
  /** How it was closed, in Vietnamese, for resolved/exempted ones. */
  resolution?: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** When it was resolved/exempted; defaults to updatedAt. */
  closedAt?: Date;
}

const STATUS_LABEL_VI: Record<ConflictCalendarStatus, string> = {
  open: 'Chưa xử lý',
  resolved: 'Đã giải quyết',
  exempted: 'Được miễn trừ',
};

const CLOSED_PREFIX: Record<ConflictCalendarStatus, string> = {
  open: '',
  resolved: '[ĐÃ GIẢI QUYẾT] ',
  exempted: '[ĐƯỢC MIỄN TRỪ] ',
};

/** Zero or more events: one per concerned window; none once a closed conflict has aged out. */
export function conflictToEvents(
  v: ConflictCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent[] {
  const closed = v.status !== 'open';
  const closedAt = v.closedAt ?? v.updatedAt;
  if (closed && !isWithdrawnStillVisible(closedAt, ctx)) return [];
  const url = linksFor(ctx).conflict(v.id);
  const rule = v.ruleLabel ?? v.ruleId;
  const summary = `${CLOSED_PREFIX[v.status]}Xung đột: ${rule} — ${v.enterpriseName}`;
  const description = lines(
    `Xung đột: ${rule} (${v.rulebook}, ${v.severity === 'block' ? 'chặn' : 'cảnh báo'})`,
    `Doanh nghiệp: ${v.enterpriseName} — MST ${v.taxCode}`,
    `Năm: ${v.year}`,
    'Các cuộc thanh tra, kiểm tra liên quan:',
    ...v.inspections.map(
      (i) =>
        `- ${INSPECTION_TYPE_LABEL_VI[i.type]} của ${viAgency(i.leadAgency)}, ${viWindow(i.window)}` +
        (i.planDecisionNumber ? `, QĐ số ${i.planDecisionNumber}` : ''),
    ),
    `Trạng thái: ${STATUS_LABEL_VI[v.status]}`,
    closed && v.resolution && `Kết quả: ${v.resolution}`,
    closed && `Sự kiện sẽ tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(closedAt, ctx))}.`,
    `Chi tiết: ${url}`,
  );
  return concernedWindows(v).map(({ key, window }) => ({
    uid: eventUid('conflict', [v.id, key], ctx.feedScope, ctx.uidDomain),
    sequence: v.revision,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    created: v.createdAt,
    timing: { kind: 'all-day', startDay: window.from, endDayInclusive: window.to },
    summary,
    description,
    url,
    status: closed ? 'CANCELLED' : 'CONFIRMED',
    categories: ['Xung đột', v.severity === 'block' ? 'Chặn' : 'Cảnh báo'],
    transparent: true,
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
