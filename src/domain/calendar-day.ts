// Calendar days (YYYY-MM-DD) in Asia/Ho_Chi_Minh. A day is a date, not an instant, so the
// arithmetic here is pure integer arithmetic on "epoch days" and never touches the host zone.

export type CalendarDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export const DOMAIN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** True when `value` is a real calendar day written as YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(value: unknown): value is CalendarDay {
  if (typeof value !== 'string') return false;
  const m = DAY_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01; windows compare and sweep as integers. */
export function toEpochDay(day: CalendarDay): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) throw new RangeError(`not a calendar day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): CalendarDay {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return fromEpochDay(toEpochDay(day) + days);
}

/** dd/mm/yyyy, as Vietnamese documents write a day. */
export function formatDayVi(day: CalendarDay): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

export function yearOf(day: CalendarDay): number {
  return Number(day.slice(0, 4));
}

/** An inclusive range of calendar days [from, to]; as instants it is [from, to + 1 day). */
export interface DayWindow {
  from: CalendarDay;
  to: CalendarDay;
}

/** Monday–Friday days in the window (public holidays are not modelled). */
export function workingDaysIn(w: DayWindow): number {
  let count = 0;
  for (let d = toEpochDay(w.from), end = toEpochDay(w.to); d <= end; d++) {
    const weekday = weekdayOfEpochDay(d);
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

/** Day of week of an epoch day: 0 = Sunday … 6 = Saturday. */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); safe before 1970 too
}

/**
 * The shortest window starting at `from` that holds `workingDays` working days, so a visit of
 * that many days fits. `from` itself counts when it is a working day.
 */
export function windowWithWorkingDays(from: CalendarDay, workingDays: number): DayWindow {
  let d = toEpochDay(from);
  let left = Math.max(1, workingDays);
  for (;;) {
    const weekday = weekdayOfEpochDay(d);
    if (weekday !== 0 && weekday !== 6 && --left === 0) break;
    d++;
  }
  return { from, to: fromEpochDay(d) };
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: CalendarDay, years: number): CalendarDay {
  const y = yearOf(day) + years;
  const month = Number(day.slice(5, 7));
  const d = Math.min(Number(day.slice(8, 10)), daysInMonth(y, month));
  return `${String(y).padStart(4, '0')}-${day.slice(5, 7)}-${String(d).padStart(2, '0')}`;
}

/** The days both windows share, or undefined when they share none. */
export function windowIntersection(a: DayWindow, b: DayWindow): DayWindow | undefined {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : undefined;
}

/** True when `inner` lies entirely within `outer`. */
export function windowContains(outer: DayWindow, inner: DayWindow): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}
