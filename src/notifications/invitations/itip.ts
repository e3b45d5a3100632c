// A meeting as an iTIP message (RFC 5546): METHOD:REQUEST to invite or update (higher
// SEQUENCE), METHOD:CANCEL to withdraw; the UID is the meeting's event UID in the meetings
// feed, so a client that has both sees one event. Pure: same input, same bytes.
import { DOMAIN_TIME_ZONE } from '../../domain/calendar-day';
import { foldText } from '../../feeds/calendar/fold';
import { vtimezoneFor } from '../../feeds/calendar/vtimezone';

const CRLF = '\r\n';
const PRODID = '-//inspection-scheduler//Moi hop phoi hop//VI';
const UTC7_MS = 7 * 3_600_000;

export type ItipMethod = 'REQUEST' | 'CANCEL';

export interface ItipPerson {
  name: string;
  email: string;
}

export interface MeetingInvitation {
  method: ItipMethod;
  uid: string;
  /** The meeting's revision: grows with every change, so updates supersede. */
  sequence: number;
  /** When this version of the meeting was saved. */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location: string;
  url: string;
  organizer: ItipPerson;
  attendees: readonly ItipPerson[];
}

/** TEXT value escaping (RFC 5545 §3.3.11), NFC so a fold never splits a letter from its mark. */
export function escapeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
}

/** A parameter value: quoted, with the characters a quoted value may not hold dropped. */
function param(value: string): string {
  return `"${value.normalize('NFC').replace(/["\r\n]/g, '')}"`;
}

function mailto(email: string): string {
  if (!/^[^\s@<>",;:]+@[^\s@<>",;:]+$/.test(email)) throw new RangeError(`bad address: ${email}`);
  return `mailto:${email}`;
}

function utcStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Wall time in Asia/Ho_Chi_Minh (UTC+7 all year since 1975), for DTSTART;TZID=... */
function localStamp(d: Date): string {
  return utcStamp(new Date(d.getTime() + UTC7_MS)).replace(/Z$/, '');
}

export function renderInvitation(inv: MeetingInvitation): string {
  if (inv.end.getTime() <= inv.start.getTime()) throw new RangeError('end must follow start');
  if (!Number.isInteger(inv.sequence) || inv.sequence < 0) throw new RangeError('bad SEQUENCE');
  const tz = DOMAIN_TIME_ZONE;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${inv.method}`,
    vtimezoneFor(tz) as string,
    'BEGIN:VEVENT',
    `UID:${inv.uid}`,
    `SEQUENCE:${inv.sequence}`,
    `DTSTAMP:${utcStamp(inv.dtstamp)}`,
    `DTSTART;TZID=${tz}:${localStamp(inv.start)}`,
    `DTEND;TZID=${tz}:${localStamp(inv.end)}`,
    `SUMMARY:${escapeText(inv.summary)}`,
    `LOCATION:${escapeText(inv.location)}`,
    `DESCRIPTION:${escapeText(inv.description)}`,
    `URL:${inv.url}`,
    `ORGANIZER;CN=${param(inv.organizer.name)}:${mailto(inv.organizer.email)}`,
    ...inv.attendees.map(
      (a) =>
        `ATTENDEE;CN=${param(a.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=${inv.method === 'REQUEST' ? 'TRUE' : 'FALSE'}:${mailto(a.email)}`,
    ),
    `STATUS:${inv.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return foldText(lines.join(CRLF) + CRLF);
}
