import type { DayWindow } from '../../domain/calendar-day';
import type { InspectionForm, InspectionType } from '../../domain/vocabulary';

/** An inspection of an approved annual plan, with where its enterprise takes mail. */
export interface NoticeCandidate {
  inspectionId: string;
  type: InspectionType;
  form: InspectionForm;
  year: number;
  taxCode: string;
  enterpriseName: string;
  contactEmail: string;
  leadAgencyCode: string;
  leadAgencyName: string;
  content: string;
  window: DayWindow;
  decision?: { number: string; date: string };
}

export abstract class PlannedInspectionsSource {
  /**
   * Planned inspections of approved annual plans of `years` whose enterprise has a contact
   * address (cancelled and merged ones left out), by inspection id.
   */
  abstract approvedAnnual(years: number[]): AsyncIterable<NoticeCandidate>;
}
