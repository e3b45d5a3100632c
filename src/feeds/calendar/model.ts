// The renderer's input: a feed and its events, already in calendar terms. Domain records are
// turned into these by the mappers (inspection-events.ts, ...); nothing here knows Nest or the DB.
import type { CalendarDay } from '../../domain/calendar-day';

export type CalendarEventStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

/** Calendar-level properties of one subscribed feed. */
export interface CalendarFeed {
  /** NAME / X-WR-CALNAME: what the subscriber sees as the calendar's title. */
  name: string;
  /** DESCRIPTION / X-WR-CALDESC. */
  description: string;
  /** REFRESH-INTERVAL and X-PUBLISHED-TTL; clients treat it as a hint (Outlook polls at will). */
  refreshIntervalMinutes: number;
  /** Optional X-APPLE-CALENDAR-COLOR, `#RRGGBB`. */
  color?: string;
}

/** Days known, times not: rendered VALUE=DATE with an exclusive DTEND (endDayInclusive + 1). */
export interface AllDayTiming {
  kind: 'all-day';
  startDay: CalendarDay;
  endDayInclusive: CalendarDay;
}

/** Instants; rendered as local wall time with TZID=Asia/Ho_Chi_Minh, never floating. */
export interface TimedTiming {
  kind: 'timed';
  start: Date;
  end: Date;
}

export type EventTiming = AllDayTiming | TimedTiming;

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarAttendee extends CalendarPerson {
  role?: 'CHAIR' | 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT' | 'NON-PARTICIPANT';
}

export interface CalendarEvent {
  /** Stable per record AND feed (see uid.ts); ASCII, no spaces. */
  uid: string;
  /** The record's revision: grows on every change, cancellation included. */
  sequence: number;
  /** From the record (its last change), never "now": an unchanged feed stays byte-identical. */
  dtstamp: Date;
  lastModified: Date;
  created?: Date;
  timing: EventTiming;
  summary: string;
  description?: string;
  location?: string;
  /** Absolute http(s) link back to the resource. */
  url?: string;
  status: CalendarEventStatus;
  categories?: readonly string[];
  /** TRANSP:TRANSPARENT — shown, but does not mark the subscriber busy. */
  transparent?: boolean;
  organizer?: CalendarPerson;
  attendees?: readonly CalendarAttendee[];
}
