// Instants ↔ the domain zone for calendars (ical-generator reads local getters of whatever Date
// it is given, so it only ever gets zoned values).
import { TZDate } from '@date-fns/tz';
import { DOMAIN_TIME_ZONE, type CalendarDay, isCalendarDay } from '../../domain/calendar-day';

export { domainDayOf, inDomainZone } from '../../domain/domain-zone';

/** The instant of a wall-clock time (`HH:mm`) on a day in Asia/Ho_Chi_Minh. */
export function domainInstant(day: CalendarDay, time: string): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!isCalendarDay(day) || !m) throw new RangeError(`not a day/time: ${day} ${time}`);
  const [y, mo, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, mo - 1, d, Number(m[1]), Number(m[2]), DOMAIN_TIME_ZONE).getTime());
}
