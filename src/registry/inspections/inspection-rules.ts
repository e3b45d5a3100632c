// Validation a plan officer expects of one inspection, beyond the shape of the request:
// each failure names the field. Pure: the caller supplies what it looked up.
import { ErrorDetail } from '../../common/errors/domain-errors';
import { DayWindow, workingDaysIn } from '../../domain/calendar-day';
import { PlanKind } from '../../domain/vocabulary';

export interface InspectionDraftFacts {
  planYear: number;
  planKind: PlanKind;
  window: DayWindow;
  field: string;
  durationWorkingDays?: number;
  leadAgencyCode: string;
  participantAgencyCodes: string[];
  adHocEvidence?: string;
  adHocScope?: { fields?: string[]; window?: DayWindow };
  enterpriseKnown: boolean;
  enterpriseName?: string;
}

export interface InspectionRuleContext {
  knownField(code: string): boolean;
  knownAgency(code: string): boolean;
}

export function checkInspectionDraft(
  d: InspectionDraftFacts,
  ctx: InspectionRuleContext,
  prefix = '',
): ErrorDetail[] {
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  const errors: ErrorDetail[] = [];
  const yearStart = `${d.planYear}-01-01`;
  const yearEnd = `${d.planYear}-12-31`;
  if (d.window.from > d.window.to) {
    errors.push({
      field: at('window'),
      code: 'WINDOW_REVERSED',
      message: 'window.from must not be after window.to',
    });
  } else if (d.window.to < yearStart || d.window.from > yearEnd) {
    errors.push({
      field: at('window'),
      code: 'WINDOW_OUTSIDE_PLAN_YEAR',
      message: `the visit window must meet the plan year ${d.planYear}`,
    });
  } else if (
    d.durationWorkingDays !== undefined &&
    d.durationWorkingDays > workingDaysIn(d.window)
  ) {
    errors.push({
      field: at('durationWorkingDays'),
      code: 'DURATION_EXCEEDS_WINDOW',
      message: `${d.durationWorkingDays} working days do not fit in a window of ${workingDaysIn(d.window)} working days`,
    });
  }
  if (!ctx.knownField(d.field)) {
    errors.push({
      field: at('field'),
      code: 'UNKNOWN_FIELD_OF_MANAGEMENT',
      message: `${d.field} is not a field of state management (see GET /fields)`,
    });
  }
  if (!ctx.knownAgency(d.leadAgencyCode)) {
    errors.push({
      field: at('leadAgencyCode'),
      code: 'AGENCY_NOT_FOUND',
      message: `agency ${d.leadAgencyCode} does not exist`,
    });
  }
  const seen = new Set<string>();
  d.participantAgencyCodes.forEach((code, i) => {
    const field = at(`participantAgencyCodes[${i}]`);
    if (code === d.leadAgencyCode) {
      errors.push({
        field,
        code: 'PARTICIPANT_IS_LEAD',
        message: `${code} already leads the inspection`,
      });
    } else if (seen.has(code)) {
      errors.push({ field, code: 'DUPLICATE_PARTICIPANT', message: `${code} is listed twice` });
    } else if (!ctx.knownAgency(code)) {
      errors.push({ field, code: 'AGENCY_NOT_FOUND', message: `agency ${code} does not exist` });
    }
    seen.add(code);
  });
  if (d.planKind === 'ad-hoc' && !d.adHocEvidence?.trim()) {
    errors.push({
      field: at('adHocEvidence'),
      code: 'AD_HOC_EVIDENCE_REQUIRED',
      message: 'an ad-hoc inspection needs the evidence of clear signs of violation',
    });
  }
  d.adHocScope?.fields?.forEach((code, i) => {
    if (!ctx.knownField(code)) {
      errors.push({
        field: at(`adHocScope.fields[${i}]`),
        code: 'UNKNOWN_FIELD_OF_MANAGEMENT',
        message: `${code} is not a field of state management`,
      });
    }
  });
  if (!d.enterpriseKnown && !d.enterpriseName) {
    errors.push({
      field: at('enterpriseName'),
      code: 'ENTERPRISE_NAME_REQUIRED',
      message: 'the tax code is new: give the enterprise name',
    });
  }
  return errors;
}
