/**
 * Port for deadline reminders (due in N days, overdue): the lifecycle feature computes the
 * deadlines; a provider of this port hands the due ones to notifications, which enqueue one
 * reminder per deadline, stage and recipient (key `deadline:<deadlineId>:<stage>:<address>`).
 * Not wired yet: nothing provides it until the lifecycle's deadlines land.
 */
export interface DueDeadline {
  id: string;
  /** 'due-soon' (N days before) or 'overdue'. */
  stage: 'due-soon' | 'overdue';
  dueDay: string;
  agencyCode: string;
  /** What is due, in Vietnamese (e.g. "Công bố quyết định thanh tra"). */
  titleVi: string;
  inspectionId?: string;
}

export abstract class DeadlineSource {
  /** Deadlines that reached a reminder stage at `asOf` (a Vietnamese calendar day). */
  abstract dueAsOf(asOf: string): Promise<DueDeadline[]>;
}
