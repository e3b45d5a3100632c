// Inspection → all-day event over its visit window. Visit windows are plan dates (often a
// whole month), so events are TRANSPARENT: they inform, they do not block the subscriber's day.
import type { CalendarDay, DayWindow } from '../../domain/calendar-day';
import {
  INSPECTION_FORM_LABEL_VI,
  INSPECTION_STATE_LABEL_VI,
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
  withdrawnVisibleUntil,
} from './mapping-context';
import { eventUid } from './uid';
import { type AgencyRef, lines, viAgencies, viAgency, viDay, viWindow } from './vi-format';

export interface InspectionCalendarView {
  id: string;
  taxCode: string;
  enterpriseName: string;
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

/** "Kiểm tra chuyên ngành đo lường — Công ty TNHH ABC" (prefixed when withdrawn). */
export function inspectionSummary(v: InspectionCalendarView): string {
  const joint = v.participantAgencies.length > 0;
  let kind = INSPECTION_TYPE_LABEL_VI[v.type];
  if (joint) kind += ' liên ngành';
  else if (v.type === 'kiem-tra') kind += ' chuyên ngành';
  if (v.adHoc) kind += ' đột xuất';
  const field = v.fieldLabel ?? v.field;
  const remote = v.form === 'remote' ? ' (từ xa)' : '';
  return `${WITHDRAWN_PREFIX[v.state] ?? ''}${kind} ${field}${remote} — ${v.enterpriseName}`;
}

/**
 * The event for one inspection in one feed, or null when it is no longer published: cancelled
 * and merged inspections stay as STATUS:CANCELLED for the retention period, then drop.
 */
export function inspectionToEvent(
  v: InspectionCalendarView,
  ctx: CalendarMappingContext,
): CalendarEvent | null {
  const withdrawn = v.state === 'cancelled' || v.state === 'merged';
  const withdrawnAt = v.withdrawnAt ?? v.updatedAt;
  if (withdrawn && !isWithdrawnStillVisible(withdrawnAt, ctx)) return null;
  const links = linksFor(ctx);
  const url = links.inspection(v.id);
  const description = lines(
    `Doanh nghiệp: ${v.enterpriseName} — MST ${v.taxCode}`,
    `Hình thức: ${INSPECTION_TYPE_LABEL_VI[v.type]}${v.adHoc ? ' đột xuất' : ' theo kế hoạch'}, ${INSPECTION_FORM_LABEL_VI[v.form].toLowerCase()}`,
    `Lĩnh vực: ${v.fieldLabel ? `${v.fieldLabel} (${v.field})` : v.field}`,
    `Nội dung: ${v.content}`,
    `Thời gian dự kiến: ${viWindow(v.window)}`,
    `Cơ quan chủ trì: ${viAgency(v.leadAgency)}`,
    v.participantAgencies.length > 0 && `Cơ quan phối hợp: ${viAgencies(v.participantAgencies)}`,
    v.planDecisionNumber &&
      `Quyết định phê duyệt kế hoạch: số ${v.planDecisionNumber}${v.planDecisionDate ? ` ngày ${viDay(v.planDecisionDate)}` : ''}`,
    `Trạng thái: ${INSPECTION_STATE_LABEL_VI[v.state]}`,
    v.state === 'merged' && v.mergedIntoId && `Gộp vào: ${links.inspection(v.mergedIntoId)}`,
    withdrawn &&
      `Sự kiện này được giữ lại để lịch của bạn cập nhật việc hủy và sẽ tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(withdrawnAt, ctx))}.`,
    `Chi tiết: ${url}`,
  );
  return {
    uid: eventUid('inspection', [v.id], ctx.feedScope, ctx.uidDomain),
    sequence: v.revision,
    dtstamp: v.updatedAt,
    lastModified: v.updatedAt,
    created: v.createdAt,
    timing: { kind: 'all-day', startDay: v.window.from, endDayInclusive: v.window.to },
    summary: inspectionSummary(v),
    description,
    location:
      v.form === 'remote'
        ? 'Từ xa (dữ liệu điện tử)'
        : v.enterpriseAddress
          ? `${v.enterpriseName}, ${v.enterpriseAddress}`
          : v.enterpriseName,
    url,
    status: STATUS_BY_STATE[v.state],
    categories: [
      INSPECTION_TYPE_LABEL_VI[v.type],
      v.fieldLabel ?? v.field,
      ...(v.participantAgencies.length > 0 ? ['Liên ngành'] : []),
    ],
    transparent: true,
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
