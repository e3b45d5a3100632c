// What /verify/:code tells anyone holding the code: facts an enterprise may see, and nothing
// internal (no officials' names, no team, no notes, no content beyond the field).
import type { CalendarDay } from '../../domain/calendar-day';
import type { Inspection } from '../../registry/inspections/inspection';
import type { Findings, InspectionLifecycle } from '../lifecycle';
import { publiclyVisible } from '../public-visibility';

export type VerificationStatus = 'current' | 'completed' | 'not-current';

export interface PublicVerification {
  code: string;
  registered: true;
  approved: boolean;
  /** current: may be carried out now; completed: concluded; not-current: see reason. */
  status: VerificationStatus;
  reason?: string;
  /** False for a kiểm tra not yet announced: details withheld until it starts. */
  visible: boolean;
  agency: { code: string; name: string; currentName?: string };
  type?: Inspection['type'];
  year?: number;
  enterprise?: { taxCode: string; name: string };
  field?: string;
  window?: { from: CalendarDay; to: CalendarDay };
  planDecision?: { number: string; date: CalendarDay };
  decision?: { number: string; date: CalendarDay };
  announcedOn?: CalendarDay;
  onSite?: { start?: CalendarDay; end?: CalendarDay };
  conclusion?: {
    number: string;
    date: CalendarDay;
    publishedOn: CalendarDay;
    link: string;
    findings: Findings;
  };
}

export function toPublicVerification(
  inspection: Inspection,
  lc: InspectionLifecycle,
  agency: { code: string; name: string; currentName?: string },
  now: Date,
): PublicVerification {
  const approved = inspection.planStatus === 'approved';
  const inactive = inspection.state === 'cancelled' || inspection.state === 'merged';
  let status: VerificationStatus = 'current';
  let reason: string | undefined;
  if (!approved) [status, reason] = ['not-current', 'plan-not-approved'];
  else if (inactive) [status, reason] = ['not-current', `inspection-${inspection.state}`];
  else if (lc.notCarriedOut) [status, reason] = ['not-current', 'not-carried-out'];
  else if (lc.conclusion || lc.onSite.end) status = 'completed';
  const visible = publiclyVisible(inspection, lc, now);
  const base: PublicVerification = {
    code: lc.registrationCode,
    registered: true,
    approved,
    status,
    ...(reason && { reason }),
    visible,
    agency,
  };
  if (!visible) return base;
  return {
    ...base,
    type: inspection.type,
    year: inspection.year,
    enterprise: { taxCode: inspection.taxCode, name: inspection.enterpriseName },
    field: inspection.field,
    window: { from: inspection.window.from, to: inspection.window.to },
    ...(inspection.planDecision && {
      planDecision: { number: inspection.planDecision.number, date: inspection.planDecision.date },
    }),
    ...(lc.decision && { decision: { number: lc.decision.number, date: lc.decision.date } }),
    ...(lc.announced && { announcedOn: lc.announced.date }),
    ...((lc.onSite.start || lc.onSite.end) && {
      onSite: { start: lc.onSite.start, end: lc.onSite.end },
    }),
    // A conclusion is public once it is published, and only then.
    ...(lc.conclusion &&
      lc.published && {
        conclusion: {
          number: lc.conclusion.number,
          date: lc.conclusion.date,
          publishedOn: lc.published.date,
          link: lc.published.link,
          findings: structuredClone(lc.conclusion.findings),
        },
      }),
  };
}
