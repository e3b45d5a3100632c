// Instants ↔ the domain zone (Asia/Ho_Chi_Minh). Every conversion goes through TZDate so that
// nothing depends on the server's own TZ.
import { TZDate } from '@date-fns/tz';
import { type CalendarDay, DOMAIN_TIME_ZONE } from './calendar-day';

/** The same instant, with getters that read Asia/Ho_Chi_Minh wall time. */
export function inDomainZone(instant: Date): TZDate {
  return new TZDate(instant.getTime(), DOMAIN_TIME_ZONE);
}

/** The calendar day an instant falls on in Asia/Ho_Chi_Minh. */
export function domainDayOf(instant: Date): CalendarDay {
  const z = inDomainZone(instant);
  return `${pad(z.getFullYear(), 4)}-${pad(z.getMonth() + 1, 2)}-${pad(z.getDate(), 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
