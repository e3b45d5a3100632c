// The deadline core: from an inspection, its lifecycle record and the rulebook in force, every
// statutory deadline with its due day and status. Pure: no clock (today is an argument), no I/O.
import {
  addDays,
  CalendarDay,
  DayWindow,
  fromEpochDay,
  toEpochDay,
} from '../../domain/calendar-day';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { InspectionState, InspectionType } from '../../domain/vocabulary';
import type { WorkingCalendar } from '../calendar/public-holidays';
import type { InspectionLifecycle } from '../lifecycle';
import {
  AgencyLevel,
  BUILT_IN_LIFECYCLE_RULEBOOKS,
  DayUnit,
  DeadlineStep,
  LifecycleRulebook,
  lifecycleRulebookFor,
  onSiteRule,
} from './lifecycle-rulebooks';

export const DEADLINE_STATUSES = ['due', 'done-in-time', 'late', 'overdue'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface Deadline {
  inspectionId: string;
  step: DeadlineStep;
  ruleId: string;
  /** Absent for the plan-window deadline, which comes from the plan, not from a law. */
  rulebook?: { id: string; version: string };
  dueDate: CalendarDay;
  doneOn?: CalendarDay;
  status: DeadlineStatus;
  statement: LocalizedMessage;
}

/** What the core needs to know about the inspection itself. */
export interface DeadlineSubject {
  inspectionId: string;
  type: InspectionType;
  window: DayWindow;
  planStatus: string;
  state: InspectionState;
  /** The level of the lead agency (central, province, commune). */
  level: AgencyLevel;
}

export interface DeadlineOptions {
  calendar: WorkingCalendar;
  today: CalendarDay;
  rulebooks?: readonly LifecycleRulebook[];
}

export const WINDOW_RULE_ID = 'plan.window';
const WINDOW_STATEMENT: LocalizedMessage = {
  vi: 'Cuộc thanh tra, kiểm tra phải được tiến hành trong thời gian dự kiến của kế hoạch đã phê duyệt',
  en: 'The inspection must start within the visit window of the approved plan',
};

function statusOf(
  due: CalendarDay,
  done: CalendarDay | undefined,
  today: CalendarDay,
): DeadlineStatus {
  if (done) return done <= due ? 'done-in-time' : 'late';
  return today <= due ? 'due' : 'overdue';
}

/** The last day of a period of `days` after `anchor` (the anchor's own day not counted). */
export function periodEnd(
  calendar: WorkingCalendar,
  anchor: CalendarDay,
  days: number,
  unit: DayUnit,
): CalendarDay {
  if (unit === 'working') return calendar.addWorkingDays(anchor, days);
  // Calendar days; a last day that is not a working day moves to the next one (Civil Code
  // Art. 148(5)).
  let end = addDays(anchor, days);
  while (!calendar.isWorkingDay(end)) end = addDays(end, 1);
  return end;
}

/**
 * The last day of an on-site stay of `days` starting on `start`, the days of a suspension not
 * counted (the clock stops while suspended).
 */
export function onSiteDueDate(
  calendar: WorkingCalendar,
  start: CalendarDay,
  days: number,
  unit: DayUnit,
  suspension?: { from: CalendarDay; to: CalendarDay },
): CalendarDay {
  const [from, to] = suspension
    ? [toEpochDay(suspension.from), toEpochDay(suspension.to)]
    : [Infinity, -Infinity];
  const counts = (e: number) =>
    (unit === 'calendar' || calendar.isWorkingEpochDay(e)) && !(e >= from && e <= to);
  let d = toEpochDay(start);
  let left = days - (counts(d) ? 1 : 0);
  while (left > 0) if (counts(++d)) left--;
  return fromEpochDay(d);
}

/** Every deadline of one inspection, in the order of its steps. */
export function deadlinesOf(
  subject: DeadlineSubject,
  lifecycle: InspectionLifecycle | null,
  options: DeadlineOptions,
): Deadline[] {
  const { calendar, today } = options;
  if (subject.planStatus !== 'approved') return [];
  if (subject.state === 'cancelled' || subject.state === 'merged') return [];
  const lc = lifecycle;
  const out: Deadline[] = [];
  const push = (d: Omit<Deadline, 'inspectionId' | 'status'>) =>
    out.push({
      inspectionId: subject.inspectionId,
      ...d,
      status: statusOf(d.dueDate, d.doneOn, today),
    });

  push({
    step: 'window',
    ruleId: WINDOW_RULE_ID,
    dueDate: subject.window.to,
    doneOn: lc?.onSite.start,
    statement: WINDOW_STATEMENT,
  });

  const rulebook = lifecycleRulebookFor(
    subject.type,
    lc?.decision?.date ?? subject.window.from,
    options.rulebooks ?? BUILT_IN_LIFECYCLE_RULEBOOKS,
  );
  if (rulebook && lc) {
    const ref = { id: rulebook.id, version: rulebook.version };
    const complex = lc.decision?.complex === true;
    const done: Record<string, CalendarDay | undefined> = {
      announcement: lc.announced?.date,
      'results-report': lc.resultsReport?.date,
      'draft-conclusion': lc.draftConclusion?.date,
      conclusion: lc.conclusion?.date,
      publication: lc.published?.date,
    };
    const anchors: Record<string, CalendarDay | undefined> = {
      announcement: lc.decision?.date,
      'results-report': lc.onSite.end,
      'draft-conclusion': lc.resultsReport?.date,
      conclusion: lc.draftConclusion?.date,
      publication: lc.conclusion?.date,
    };
    for (const rule of rulebook.rules) {
      if (rule.kind === 'period') {
        const anchor = anchors[rule.step];
        if (!anchor) continue;
        const days = complex && rule.complexDays ? rule.complexDays : rule.days;
        const start = rule.leadInWorkingDays
          ? calendar.addWorkingDays(anchor, rule.leadInWorkingDays)
          : anchor;
        push({
          step: rule.step,
          ruleId: rule.id,
          rulebook: ref,
          dueDate: periodEnd(calendar, start, days, rule.unit),
          doneOn: done[rule.step],
          statement: rule.statement,
        });
      } else if (rule.kind === 'at-start' && lc.onSite.start) {
        push({
          step: 'announcement',
          ruleId: rule.id,
          rulebook: ref,
          dueDate: lc.onSite.start,
          doneOn: lc.announced?.date,
          statement: rule.statement,
        });
      }
    }
    const onSite = onSiteRule(rulebook, subject.level);
    if (onSite && lc.onSite.start) {
      push({
        step: 'on-site',
        ruleId: onSite.id,
        rulebook: ref,
        dueDate: onSiteDueDate(
          calendar,
          lc.onSite.start,
          onSite.days + (lc.onSite.extension?.days ?? 0),
          onSite.unit,
          lc.onSite.suspension,
        ),
        doneOn: lc.onSite.end,
        statement: onSite.statement,
      });
    }
  }
  const order = (s: DeadlineStep) =>
    [
      'window',
      'announcement',
      'on-site',
      'results-report',
      'draft-conclusion',
      'conclusion',
      'publication',
    ].indexOf(s);
  out.sort((a, b) => order(a.step) - order(b.step));
  // Not carried out: what was done stays on record; nothing is due any more.
  return lc?.notCarriedOut ? out.filter((d) => d.doneOn !== undefined) : out;
}
