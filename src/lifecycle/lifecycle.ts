// An inspection's life after its plan is approved: one record per inspection, in a collection
// of its own keyed by the inspection id, so the registry's Inspection schema stays as it was.
import type { CalendarDay } from '../domain/calendar-day';

export const LIFECYCLE_STEPS = [
  'decision',
  'announcement',
  'on-site-start',
  'extension',
  'suspension',
  'on-site-end',
  'results-report',
  'draft-conclusion',
  'conclusion',
  'publication',
  'follow-up',
  'not-carried-out',
] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

export interface InspectionDecision {
  number: string;
  date: CalendarDay;
  /** Who signed it (internal: never shown publicly). */
  signer: string;
  /** The team (đoàn thanh tra / kiểm tra); internal. */
  team: string[];
  /** A complex inspection gets the longer report and draft periods. */
  complex?: boolean;
}

export interface Sanction {
  description: string;
  /** Fine or amount to recover, in đồng. */
  amountVnd: number;
}

export interface Findings {
  violations: string[];
  sanctions: Sanction[];
  recommendations: string[];
}

export interface OnSite {
  start?: CalendarDay;
  end?: CalendarDay;
  extension?: { date: CalendarDay; days: number; reason: string };
  suspension?: { from: CalendarDay; to: CalendarDay; reason: string };
}

export interface FollowUp {
  date: CalendarDay;
  note: string;
  done: boolean;
}

export interface LifecycleEvent {
  step: LifecycleStep;
  /** The day the step happened, as recorded. */
  day: CalendarDay;
  at: Date;
  actor: string;
}

export interface InspectionLifecycle {
  inspectionId: string;
  /** Short public code for /verify (unambiguous alphabet, unique). */
  registrationCode: string;
  decision?: InspectionDecision;
  announced?: { date: CalendarDay };
  onSite: OnSite;
  resultsReport?: { date: CalendarDay };
  draftConclusion?: { date: CalendarDay };
  conclusion?: { number: string; date: CalendarDay; findings: Findings };
  published?: { date: CalendarDay; link: string };
  followUps: FollowUp[];
  notCarriedOut?: { date: CalendarDay; reason: string };
  history: LifecycleEvent[];
  /** Bumped on every step: two officers recording at once cannot both win. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export abstract class LifecycleRepository {
  abstract findByInspection(inspectionId: string): Promise<InspectionLifecycle | null>;
  abstract findByInspections(inspectionIds: string[]): Promise<InspectionLifecycle[]>;
  abstract findByCode(registrationCode: string): Promise<InspectionLifecycle | null>;
  /** Inserts a fresh record; false when the code is taken (the caller draws another). */
  abstract insertIfAbsent(
    lifecycle: InspectionLifecycle,
  ): Promise<'inserted' | 'code-taken' | 'exists'>;
  /** Replaces the record only if it is still at `expectedRevision`. */
  abstract replaceIfRevision(
    lifecycle: InspectionLifecycle,
    expectedRevision: number,
  ): Promise<boolean>;
}
