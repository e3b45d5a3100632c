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

export function yearOf(day: CalendarDay): number {
  return Number(day.slice(0, 4));
}

export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An inclusive range of calendar days [from, to]; as instants it is [from, to + 1 day). */
export interface DayWindow {
  from: CalendarDay;
  to: CalendarDay;
}

/** Windows sharing even one day overlap (the brief's half-open rule). */
export function windowsOverlap(a: DayWindow, b: DayWindow): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Number of days in an inclusive window. */
export function windowLength(w: DayWindow): number {
  return toEpochDay(w.to) - toEpochDay(w.from) + 1;
}

/** Monday–Friday days in the window (public holidays are not modelled). */
export function workingDaysIn(w: DayWindow): number {
  let count = 0;
  for (let d = toEpochDay(w.from), end = toEpochDay(w.to); d <= end; d++) {
    const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday (4)
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
