/**
 * Port for deadline reminders (due in N days, overdue): the lifecycle feature computes the
 * deadlines; a provider of this port (deadline-source.lifecycle.ts) hands the ones at a
 * reminder stage to notifications, which enqueue one reminder per deadline, stage and
 * recipient (key `deadline:<deadlineId>:<stage>:<address>`).
 */
import { type CalendarDay, toEpochDay } from '../../domain/calendar-day';
import type { InspectionType } from '../../domain/vocabulary';

export type ReminderStage = 'due-soon' | 'overdue';

export interface DueDeadline {
  /** `<inspection>.<rule>.<due day>`: a due day moved (an extension) is a new deadline. */
  id: string;
  stage: ReminderStage;
  dueDay: CalendarDay;
  /** The agency that answers for it today (its successor, after a merger): who is reminded. */
  agencyCode: string;
  /** "Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long" when the inspection's agency was succeeded. */
  agencyLabel: string;
  /** The deadline's step (lifecycle deadline step: window, announcement, on-site, …). */
  step: string;
  /** The legal statement it comes from, in Vietnamese. */
  statementVi: string;
  type: InspectionType;
  inspectionId: string;
  taxCode: string;
  enterpriseName: string;
}

export abstract class DeadlineSource {
  /**
   * Deadlines at a reminder stage on `asOf` (a Vietnamese calendar day): still due within
   * `dueSoonDays` days, or overdue (due day passed, not done) since at most
   * OVERDUE_REMINDER_LOOKBACK_DAYS.
   */
  abstract dueAsOf(asOf: CalendarDay, dueSoonDays: number): Promise<DueDeadline[]>;
}

/**
 * Overdue deadlines older than this are not reminded: a first run on a registry with years of
 * history would otherwise mail every deadline ever missed.
 */
export const OVERDUE_REMINDER_LOOKBACK_DAYS = 30;

/** The reminder stage of a deadline on `asOf`, or null (done, or not yet near). Pure. */
export function reminderStage(
  d: { status: string; dueDate: CalendarDay },
  asOf: CalendarDay,
  dueSoonDays: number,
): ReminderStage | null {
  const left = toEpochDay(d.dueDate) - toEpochDay(asOf);
  if (d.status === 'due') return left <= dueSoonDays ? 'due-soon' : null;
  if (d.status === 'overdue') return -left <= OVERDUE_REMINDER_LOOKBACK_DAYS ? 'overdue' : null;
  return null;
}
