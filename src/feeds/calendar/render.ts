// CalendarFeed + CalendarEvent[] → RFC 5545 bytes, via ical-generator for the VEVENTs; folding
// is ours (fold.ts, on the bytes, for speed). The VCALENDAR header is written here because ical-generator 11's own one puts the
// VTIMEZONE before REFRESH-INTERVAL/X-PUBLISHED-TTL (calendar properties after a component),
// does not escape X-WR-CALNAME/X-WR-CALDESC, writes DTSTAMP in local time once a calendar zone
// is set, and leaves END:VCALENDAR without its CRLF.
import {
  ICalCalendar,
  ICalEvent,
  type ICalEventData,
  ICalEventStatus,
  ICalEventTransparency,
  ICalAttendeeRole,
} from 'ical-generator';
import { DOMAIN_TIME_ZONE, addDays, isCalendarDay, toEpochDay } from '../../domain/calendar-day';
import type { CalendarEvent, CalendarFeed } from './model';
import { vtimezoneFor } from './vtimezone';
import { inDomainZone } from './zone';
import { strongEtag } from './etag';
import { foldUtf8 } from './fold';

const CRLF = '\r\n';
const PRODID = '-//inspection-scheduler//Lich thanh tra kiem tra//VI';
const MS_PER_DAY = 86_400_000;
const EVENTS_PER_SLICE = 256;
// Control characters are not allowed in TEXT values; CR/LF are escaped by ical-generator.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Renders a whole feed; deterministic: same input (in any order) ⇒ same bytes, under any TZ. */
export function renderCalendar(feed: CalendarFeed, events: readonly CalendarEvent[]): string {
  return renderCalendarBytes(feed, events).toString('utf8');
}

/** The feed as the UTF-8 bytes to serve (what renderCalendar decodes). */
export function renderCalendarBytes(feed: CalendarFeed, events: readonly CalendarEvent[]): Buffer {
  const parent = new ICalCalendar(); // ICalEvent needs a parent; it is never serialised itself
  const seen = new Set<string>();
  // Folded in slices of events, on the bytes (octets are what the 75 limit counts): no
  // feed-sized intermediate string, which is what the garbage collector paid for.
  const parts: Buffer[] = [foldUtf8(Buffer.from(calendarHeader(feed), 'utf8'))];
  let slice: string[] = [];
  const flush = () => {
    if (slice.length) parts.push(foldUtf8(Buffer.from(slice.join(''), 'utf8')));
    slice = [];
  };
  for (const event of inFeedOrder(events)) {
    if (seen.has(event.uid)) throw new RangeError(`duplicate UID in feed: ${event.uid}`);
    seen.add(event.uid);
    slice.push(eventText(event, parent));
    if (slice.length === EVENTS_PER_SLICE) flush();
  }
  slice.push('END:VCALENDAR' + CRLF);
  flush();
  return Buffer.concat(parts);
}

/**
 * The same bytes as renderCalendarBytes, giving the event loop back between slices of events,
 * so a 10,000-event render never holds up other requests (health checks, polls).
 */
export async function renderCalendarBytesAsync(
  feed: CalendarFeed,
  events: readonly CalendarEvent[],
): Promise<Buffer> {
  const parent = new ICalCalendar();
  const seen = new Set<string>();
  const parts: Buffer[] = [foldUtf8(Buffer.from(calendarHeader(feed), 'utf8'))];
  const ordered = inFeedOrder(events);
  for (let i = 0; i < ordered.length; i += EVENTS_PER_SLICE) {
    const slice: string[] = [];
    for (const event of ordered.slice(i, i + EVENTS_PER_SLICE)) {
      if (seen.has(event.uid)) throw new RangeError(`duplicate UID in feed: ${event.uid}`);
      seen.add(event.uid);
      slice.push(eventText(event, parent));
    }
    parts.push(foldUtf8(Buffer.from(slice.join(''), 'utf8')));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  parts.push(Buffer.from('END:VCALENDAR' + CRLF, 'utf8'));
  return Buffer.concat(parts);
}

// ical-generator adds these to every all-day event; VALUE=DATE already says it to every client
// (Outlook included), and 70 bytes an event count against the ~1 MB Google keeps.
const MS_ALL_DAY = /X-MICROSOFT-(?:CDO|MSNCALENDAR)-ALLDAYEVENT:TRUE\r\n/g;

function eventText(event: CalendarEvent, parent: ICalCalendar): string {
  return new ICalEvent(toICalEventData(event), parent).toString().replace(MS_ALL_DAY, '');
}

/** What the HTTP layer needs to serve a feed: bytes, a strong ETag and a Last-Modified. */
export interface RenderedCalendar {
  body: Buffer;
  etag: string;
  /** Latest LAST-MODIFIED of its events (null when empty); ETag is the authoritative validator. */
  lastModified: Date | null;
  eventCount: number;
}

export function renderCalendarDocument(
  feed: CalendarFeed,
  events: readonly CalendarEvent[],
): RenderedCalendar {
  const body = renderCalendarBytes(feed, events);
  let latest = -Infinity;
  for (const e of events) latest = Math.max(latest, e.lastModified.getTime());
  return {
    body,
    etag: strongEtag(body),
    lastModified: events.length ? new Date(latest) : null,
    eventCount: events.length,
  };
}

function calendarHeader(feed: CalendarFeed): string {
  const minutes = feed.refreshIntervalMinutes;
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new RangeError(`refreshIntervalMinutes must be a positive integer: ${minutes}`);
  }
  if (feed.color !== undefined && !/^#[0-9A-Fa-f]{6}$/.test(feed.color)) {
    throw new RangeError(`color must be #RRGGBB: ${feed.color}`);
  }
  // ical.js (Thunderbird, Nextcloud) reads NAME and X-WR-* raw and would show "\,": the
  // values carry nothing that needs escaping, so every client reads the same words.
  const name = plainText(feed.name);
  const description = plainText(feed.description);
  const ttl = isoDuration(minutes);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
    `DESCRIPTION:${description}`,
    `X-WR-CALDESC:${description}`,
    `X-WR-TIMEZONE:${DOMAIN_TIME_ZONE}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${ttl}`,
    `X-PUBLISHED-TTL:${ttl}`,
  ];
  if (feed.color) lines.push(`X-APPLE-CALENDAR-COLOR:${feed.color.toUpperCase()}`);
  // Always present (not only when a timed event uses it): X-WR-TIMEZONE names it, and a
  // feed's header then never changes shape with its content.
  lines.push(vtimezoneFor(DOMAIN_TIME_ZONE) as string);
  return lines.join(CRLF) + CRLF;
}

/** Minutes → RFC 5545 duration: whole days as PnD, otherwise PTnHnM. */
export function isoDuration(minutes: number): string {
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
}

/** Chronological, then by UID: input order (e.g. from a DB query) never changes the bytes. */
function inFeedOrder(events: readonly CalendarEvent[]): CalendarEvent[] {
  const keyed = events.map((event) => ({ event, key: startMillis(event) }));
  keyed.sort(
    (a, b) => a.key - b.key || (a.event.uid < b.event.uid ? -1 : a.event.uid > b.event.uid ? 1 : 0),
  );
  return keyed.map((k) => k.event);
}

function startMillis(event: CalendarEvent): number {
  const t = event.timing;
  // An all-day event starts at local midnight; UTC+7 is fixed, so this orders it among timed ones.
  return t.kind === 'all-day'
    ? toEpochDay(t.startDay) * MS_PER_DAY - 7 * 3_600_000
    : t.start.getTime();
}

function toICalEventData(e: CalendarEvent): ICalEventData {
  if (!/^[\x21-\x7E]+$/.test(e.uid) || /[,;\\]/.test(e.uid)) {
    throw new RangeError(`UID must be printable ASCII without , ; \\: ${e.uid}`);
  }
  if (!Number.isInteger(e.sequence) || e.sequence < 0) {
    throw new RangeError(`SEQUENCE must be a non-negative integer: ${e.uid}`);
  }
  const data: ICalEventData = {
    id: e.uid,
    sequence: e.sequence,
    // Plain Dates are formatted with UTC getters (no calendar zone is set) → ...Z, TZ-proof.
    stamp: instant(e.dtstamp, 'dtstamp', e.uid),
    lastModified: instant(e.lastModified, 'lastModified', e.uid),
    summary: text(e.summary),
    status: e.status as ICalEventStatus,
    start: new Date(0), // replaced below
  };
  const t = e.timing;
  if (t.kind === 'all-day') {
    if (
      !isCalendarDay(t.startDay) ||
      !isCalendarDay(t.endDayInclusive) ||
      t.endDayInclusive < t.startDay
    ) {
      throw new RangeError(`bad all-day range ${t.startDay}..${t.endDayInclusive}: ${e.uid}`);
    }
    data.allDay = true;
    data.start = utcMidnight(t.startDay);
    data.end = utcMidnight(addDays(t.endDayInclusive, 1)); // DTEND is exclusive
  } else {
    const start = instant(t.start, 'start', e.uid);
    const end = instant(t.end, 'end', e.uid);
    if (end.getTime() <= start.getTime()) throw new RangeError(`end must follow start: ${e.uid}`);
    // Zoned values: ical-generator reads their getters, which give Ho Chi Minh wall time.
    data.timezone = DOMAIN_TIME_ZONE;
    data.start = inDomainZone(start);
    data.end = inDomainZone(end);
  }
  if (e.created) data.created = instant(e.created, 'created', e.uid);
  if (e.description) data.description = text(e.description);
  if (e.location) data.location = text(e.location);
  // The link is in the DESCRIPTION, which every client shows; URL only when it is not.
  if (e.url && !e.description?.includes(e.url)) data.url = uri(e.url, e.uid);
  if (e.transparent) data.transparency = ICalEventTransparency.TRANSPARENT;
  const categories = (e.categories ?? []).map(text).filter((c) => c.length > 0);
  if (categories.length) data.categories = categories.map((name) => ({ name }));
  if (e.organizer) data.organizer = { name: text(e.organizer.name), email: e.organizer.email };
  if (e.attendees?.length) {
    data.attendees = e.attendees.map((a) => ({
      name: text(a.name),
      email: a.email,
      role: (a.role ?? 'REQ-PARTICIPANT') as ICalAttendeeRole,
    }));
  }
  return data;
}

function instant(value: Date, what: string, uid: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${what} is not a valid instant: ${uid}`);
  }
  return value;
}

function utcMidnight(day: string): Date {
  return new Date(toEpochDay(day) * MS_PER_DAY);
}

/** TEXT that reads the same escaped or not: `, ;` become " –", backslashes and breaks go. */
export function plainText(value: string): string {
  return text(value)
    .replace(/[\\\r\n]+/g, ' ')
    .replace(/\s*[,;]+\s*/g, ' – ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** NFC keeps Vietnamese letters one code point each (no base/diacritic split at a fold). */
function text(value: string): string {
  return value.normalize('NFC').replace(FORBIDDEN_CONTROL, '');
}

/** URL is a URI value, but ical-generator escapes it as TEXT: keep , ; \ and spaces out of it. */
function uri(value: string, uid: string): string {
  if (!/^https?:\/\/\S+$/.test(value)) throw new RangeError(`url must be absolute http(s): ${uid}`);
  return value.replace(/[,;\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
