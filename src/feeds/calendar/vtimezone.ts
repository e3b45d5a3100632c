// A static VTIMEZONE for the domain zone. Asia/Ho_Chi_Minh has been UTC+7 without DST since
// 1975-06-13, so one STANDARD block covers every date this service handles (plans start in
// 2017); a static text keeps the output byte-stable and needs no tz database at run time.
import { DOMAIN_TIME_ZONE } from '../../domain/calendar-day';

const HO_CHI_MINH_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${DOMAIN_TIME_ZONE}`,
  `X-LIC-LOCATION:${DOMAIN_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * VTIMEZONE text for a TZID, or null when unknown. Same shape as ical-generator's
 * `ICalTimezone.generator`, so it can be handed to ical-generator too.
 */
export function vtimezoneFor(tzid: string): string | null {
  return tzid === DOMAIN_TIME_ZONE ? HO_CHI_MINH_VTIMEZONE : null;
}
