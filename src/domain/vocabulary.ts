// The domain's closed vocabularies, shared by the engine, the registry, imports and feeds.
// English codes in data and code; Vietnamese labels are for what people read.

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

export const INSPECTION_TYPE_LABEL_VI: Record<InspectionType, string> = {
  'thanh-tra': 'Thanh tra',
  'kiem-tra': 'Kiểm tra',
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
