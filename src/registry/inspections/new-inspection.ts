import type { Plan } from '../plans/plan';
import type { Inspection } from './inspection';

/** What a plan officer (form, API, plan file) says of one inspection. */
export type InspectionDraft = Pick<
  Inspection,
  | 'taxCode'
  | 'parentTaxCode'
  | 'enterpriseName'
  | 'type'
  | 'form'
  | 'field'
  | 'content'
  | 'periodUnderReview'
  | 'window'
  | 'durationWorkingDays'
  | 'leadAgencyCode'
  | 'participantAgencyCodes'
  | 'adHocEvidence'
  | 'adHocScope'
  | 'notes'
  | 'importKey'
>;

/** The plan it is born in (a dry run's candidates name a plan that is not stored). */
export type InspectionOrigin = Pick<
  Plan,
  'id' | 'kind' | 'status' | 'decision' | 'agencyCode' | 'year'
>;

/**
 * The one place an Inspection is built: copies the plan's facts it carries for joins-free
 * scans, starts it planned at revision 1 (0 for a dry run's candidate), drops absent fields.
 */
export function newInspection(
  plan: InspectionOrigin,
  draft: InspectionDraft,
  stamp: { id: string; actor: string; now: Date; revision?: number },
): Inspection {
  return stripUndefined<Inspection>({
    id: stamp.id,
    planId: plan.id,
    planKind: plan.kind,
    planStatus: plan.status,
    planDecision: plan.decision,
    agencyCode: plan.agencyCode,
    year: plan.year,
    taxCode: draft.taxCode,
    parentTaxCode: draft.parentTaxCode,
    enterpriseName: draft.enterpriseName,
    type: draft.type,
    form: draft.form,
    field: draft.field,
    content: draft.content,
    periodUnderReview: draft.periodUnderReview,
    window: { from: draft.window.from, to: draft.window.to },
    durationWorkingDays: draft.durationWorkingDays,
    leadAgencyCode: draft.leadAgencyCode,
    participantAgencyCodes: [...draft.participantAgencyCodes],
    adHocEvidence: draft.adHocEvidence || undefined,
    adHocScope: draft.adHocScope ? { ...draft.adHocScope } : undefined,
    state: 'planned',
    notes: draft.notes,
    importKey: draft.importKey,
    revision: stamp.revision ?? 1,
    createdAt: stamp.now,
    updatedAt: stamp.now,
    createdBy: stamp.actor,
    updatedBy: stamp.actor,
  });
}

export function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[])
    if (value[key] === undefined) delete value[key];
  return value;
}
