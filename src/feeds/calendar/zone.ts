// Instants ↔ the domain zone. Every conversion goes through TZDate so that nothing depends on
// the server's own TZ (ical-generator reads local getters of whatever Date it is given).
import { TZDate } from '@date-fns/tz';
import { DOMAIN_TIME_ZONE, type CalendarDay, isCalendarDay } from '../../domain/calendar-day';

/** The same instant, with getters that read Asia/Ho_Chi_Minh wall time. */
export function inDomainZone(instant: Date): TZDate {
  return new TZDate(instant.getTime(), DOMAIN_TIME_ZONE);
}

/** The calendar day an instant falls on in Asia/Ho_Chi_Minh. */
export function domainDayOf(instant: Date): CalendarDay {
  const z = inDomainZone(instant);
  return `${pad(z.getFullYear(), 4)}-${pad(z.getMonth() + 1, 2)}-${pad(z.getDate(), 2)}`;
}

/** The instant of a wall-clock time (`HH:mm`) on a day in Asia/Ho_Chi_Minh. */
export function domainInstant(day: CalendarDay, time: string): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!isCalendarDay(day) || !m) throw new RangeError(`not a day/time: ${day} ${time}`);
  const [y, mo, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, mo - 1, d, Number(m[1]), Number(m[2]), DOMAIN_TIME_ZONE).getTime());
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
