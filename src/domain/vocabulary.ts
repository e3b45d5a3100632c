// The domain's closed vocabularies, shared by the engine, the registry, imports and feeds.
// English codes in data and code; Vietnamese labels (English beside them where people read
// both) are for what people read, and live here beside the codes they name, once.
import type { LocalizedMessage } from './localized-message';

export const AGENCY_KINDS = ['inspectorate', 'specialised', 'state-audit', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const PLAN_KINDS = ['annual', 'ad-hoc'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'withdrawn'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** thanh-tra = "thanh tra" (inspection proper); kiem-tra = "kiểm tra" (check). */
export const INSPECTION_TYPES = ['thanh-tra', 'kiem-tra'] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

export const INSPECTION_FORMS = ['on-site', 'remote'] as const;
export type InspectionForm = (typeof INSPECTION_FORMS)[number];

export const INSPECTION_STATES = [
  'planned',
  'scheduled',
  'in-progress',
  'done',
  'cancelled',
  'merged',
] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];

/** States in which an inspection no longer happens on its own and so never counts. */
export const INACTIVE_INSPECTION_STATES: readonly InspectionState[] = ['cancelled', 'merged'];

/** open → resolved | exempted (a decision), or closed (its cause disappeared; may reopen). */
export const CONFLICT_STATUSES = ['open', 'resolved', 'exempted', 'closed'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

/** How a conflict is resolved. */
export const RESOLUTION_KINDS = [
  'merge',
  'reschedule',
  'cancel',
  'exempt',
  'switch-to-remote',
  'switch-to-kiem-tra',
] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const INSPECTION_TYPE_LABEL_VI: Record<InspectionType, string> = {
  'thanh-tra': 'Thanh tra',
  'kiem-tra': 'Kiểm tra',
};

/** The type as a word inside a sentence: "Quá số lần kiểm tra trong năm". */
export const INSPECTION_TYPE_WORDS: Record<InspectionType, LocalizedMessage> = {
  'thanh-tra': { vi: 'thanh tra', en: 'thanh tra (inspection)' },
  'kiem-tra': { vi: 'kiểm tra', en: 'kiểm tra (check)' },
};

export const INSPECTION_STATE_LABEL_VI: Record<InspectionState, string> = {
  planned: 'Dự kiến',
  scheduled: 'Đã lên lịch',
  'in-progress': 'Đang tiến hành',
  done: 'Đã kết thúc',
  cancelled: 'Đã hủy',
  merged: 'Đã gộp vào cuộc liên ngành',
};

export const INSPECTION_FORM_LABEL_VI: Record<InspectionForm, string> = {
  'on-site': 'Trực tiếp',
  remote: 'Từ xa',
};

export const AGENCY_KIND_LABEL_VI: Record<AgencyKind, string> = {
  inspectorate: 'Cơ quan thanh tra',
  specialised: 'Cơ quan kiểm tra chuyên ngành',
  'state-audit': 'Kiểm toán nhà nước',
  other: 'Cơ quan khác',
};

/** The kind inside a sentence ("… do cơ quan thanh tra …"). */
export const AGENCY_KIND_WORDS: Record<AgencyKind, LocalizedMessage> = {
  inspectorate: { vi: 'cơ quan thanh tra', en: 'inspectorate' },
  specialised: { vi: 'cơ quan kiểm tra chuyên ngành', en: 'specialised-check body' },
  'state-audit': { vi: 'kiểm toán nhà nước', en: 'State Audit' },
  other: { vi: 'cơ quan khác', en: 'other body' },
};

export const CONFLICT_STATUS_LABELS: Record<ConflictStatus, LocalizedMessage> = {
  open: { vi: 'Chưa xử lý', en: 'Open' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  exempted: { vi: 'Được miễn trừ', en: 'Exempted' },
  closed: { vi: 'Không còn chồng chéo', en: 'Closed (cause disappeared)' },
};

/**
 * How a conflict left the open state, as a verb the minutes put before "ngoài cuộc họp"
 * ("đã miễn trừ ngoài cuộc họp"): not the status label ("Được miễn trừ").
 */
export const CONFLICT_SETTLED_VI: Record<Exclude<ConflictStatus, 'open'>, string> = {
  resolved: 'đã xử lý',
  exempted: 'đã miễn trừ',
  closed: 'không còn chồng chéo',
};

export const RESOLUTION_KIND_LABELS: Record<ResolutionKind, LocalizedMessage> = {
  merge: { vi: 'Gộp thành một cuộc liên ngành', en: 'Merged into one joint inspection' },
  reschedule: { vi: 'Điều chỉnh thời gian', en: 'Rescheduled' },
  cancel: { vi: 'Hủy một cuộc', en: 'One inspection cancelled' },
  exempt: { vi: 'Miễn trừ có căn cứ pháp lý', en: 'Exempted on a legal basis' },
  'switch-to-remote': { vi: 'Chuyển sang kiểm tra từ xa', en: 'Switched to a remote check' },
  'switch-to-kiem-tra': { vi: 'Chuyển sang kiểm tra', en: 'Switched to a kiểm tra (check)' },
};

export const PLAN_STATUS_LABEL_VI: Record<PlanStatus, string> = {
  draft: 'Dự thảo',
  submitted: 'Đã trình',
  approved: 'Đã phê duyệt',
  withdrawn: 'Đã rút',
};

export const PLAN_KIND_LABEL_VI: Record<PlanKind, string> = {
  annual: 'Kế hoạch năm',
  'ad-hoc': 'Đột xuất',
};

/** Account roles as the pages name them (the codes live in identity/accounts). */
export const ROLE_LABEL_VI: Record<
  'admin' | 'coordinator' | 'officer' | 'approver' | 'viewer',
  string
> = {
  admin: 'Quản trị hệ thống',
  coordinator: 'Điều phối (Thanh tra tỉnh)',
  officer: 'Cán bộ lập kế hoạch',
  approver: 'Lãnh đạo phê duyệt kế hoạch',
  viewer: 'Lãnh đạo (xem báo cáo)',
};

/**
 * What a statutory deadline holds one to, as a title after "Hạn ": "công bố quyết định kiểm
 * tra". Keys are the lifecycle's deadline steps (src/lifecycle/deadlines).
 */
export function deadlineStepVi(step: string, type: InspectionType): string {
  const t = INSPECTION_TYPE_WORDS[type].vi;
  switch (step) {
    case 'window':
      return `bắt đầu ${t} theo kế hoạch`;
    case 'announcement':
      return `công bố quyết định ${t}`;
    case 'on-site':
      return `kết thúc ${t} tại nơi được ${t}`;
    case 'results-report':
      return `báo cáo kết quả ${t}`;
    case 'draft-conclusion':
      return `dự thảo kết luận ${t}`;
    case 'conclusion':
      return `ký ban hành kết luận ${t}`;
    case 'publication':
      return `công khai kết luận ${t}`;
    default:
      return step;
  }
}
