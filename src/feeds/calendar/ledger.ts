// What a feed last published, so that nothing leaves it silently and SEQUENCE / LAST-MODIFIED
// follow what an event SHOWS, whatever record the change came from (an agency or enterprise
// rename changes events whose own record did not change).
//
// reconcile(previous, current) → the events to render, and the ledger to store:
// - an event whose shown content is unchanged keeps the stored SEQUENCE / LAST-MODIFIED;
// - one whose content changed gets SEQUENCE > the stored one and LAST-MODIFIED = now when its
//   record's own updatedAt does not explain the change;
// - one that was published and is no longer produced (plan revised and the inspection dropped,
//   moved to another year or out of this feed's filters, a participant removed, the record
//   deleted, ...) stays as STATUS:CANCELLED with a higher SEQUENCE for the retention period;
//   the only silent exits are an event that ended before the feed's window (ageing out) and
//   one that had already been published as CANCELLED (its own retention ran out).
// Pure: "now" and "today" are inputs.
import { createHash } from 'node:crypto';
import type { CalendarDay } from '../../domain/calendar-day';
import {
  type CalendarMappingContext,
  isWithdrawnStillVisible,
  withdrawnVisibleUntil,
} from './mapping-context';
import type { CalendarEvent, CalendarEventStatus, CalendarPerson, EventTiming } from './model';
import { lines, viDay } from './vi-format';
import { domainDayOf } from './zone';

export type StoredTiming =
  | { kind: 'all-day'; startDay: CalendarDay; endDayInclusive: CalendarDay }
  | { kind: 'timed'; start: number; end: number };

/** One event as it was last published in one feed. */
export interface PublishedEvent {
  uid: string;
  /** Digest of what the event shows (everything but SEQUENCE / DTSTAMP / LAST-MODIFIED). */
  hash: string;
  sequence: number;
  /** Epoch ms. */
  lastModified: number;
  status: CalendarEventStatus;
  timing: StoredTiming;
  summary: string;
  url?: string;
  organizer?: CalendarPerson;
  /** Epoch ms when it left the feed; it is published as CANCELLED from then on. */
  goneAt?: number;
}

export interface FeedLedger {
  /** Optimistic concurrency: replicas rendering at once do not overwrite each other. */
  version: number;
  /** ETag and Last-Modified (epoch ms) of the feed as last rendered. */
  etag?: string;
  lastModified?: number;
  events: PublishedEvent[];
}

export interface ReconcileInput {
  now: Date;
  /** The feed's window; an event that ended before `from` ages out silently. */
  range: { from: CalendarDay; to: CalendarDay };
  ctx: Pick<CalendarMappingContext, 'asOf' | 'withdrawnRetentionDays'>;
}

export const GONE_PREFIX = '[ĐÃ GỠ KHỎI LỊCH] ';

export function reconcile(
  previous: FeedLedger | null,
  current: readonly CalendarEvent[],
  input: ReconcileInput,
): { events: CalendarEvent[]; published: PublishedEvent[] } {
  const now = input.now.getTime();
  const before = new Map((previous?.events ?? []).map((p) => [p.uid, p]));
  const events: CalendarEvent[] = [];
  const published: PublishedEvent[] = [];
  const produced = new Set<string>();

  for (const e of current) {
    produced.add(e.uid);
    const hash = contentHash(e);
    const prev = before.get(e.uid);
    let sequence = e.sequence;
    let lastModified = e.lastModified.getTime();
    if (prev) {
      if (prev.hash === hash && prev.goneAt === undefined) {
        sequence = Math.max(sequence, prev.sequence);
        lastModified = Math.max(lastModified, prev.lastModified);
      } else {
        sequence = Math.max(sequence, prev.sequence + 1);
        // The record's own change explains it, or else something it shows changed now.
        if (lastModified <= prev.lastModified) lastModified = Math.max(now, prev.lastModified);
      }
    }
    const at = new Date(lastModified);
    events.push({ ...e, sequence, lastModified: at, dtstamp: at });
    published.push(entryOf(e, hash, sequence, lastModified));
  }

  for (const prev of before.values()) {
    if (produced.has(prev.uid)) continue;
    if (lastDay(prev.timing) < input.range.from) continue; // aged out of the window
    let gone = prev;
    if (prev.goneAt === undefined) {
      if (prev.status === 'CANCELLED') continue; // already published as cancelled; retention over
      gone = { ...prev, sequence: prev.sequence + 1, lastModified: now, goneAt: now };
    }
    const goneAt = new Date(gone.goneAt!);
    if (!isWithdrawnStillVisible(goneAt, input.ctx as CalendarMappingContext)) continue;
    events.push(tombstone(gone, input.ctx as CalendarMappingContext));
    published.push(gone);
  }
  return { events, published };
}

function tombstone(p: PublishedEvent, ctx: CalendarMappingContext): CalendarEvent {
  const at = new Date(p.lastModified);
  return {
    uid: p.uid,
    sequence: p.sequence,
    dtstamp: at,
    lastModified: at,
    timing: restoreTiming(p.timing),
    summary: GONE_PREFIX + p.summary,
    description: lines(
      'Không còn thuộc lịch này (đã điều chỉnh, rút khỏi kế hoạch hoặc chuyển đi).',
      `Tự gỡ sau ngày ${viDay(withdrawnVisibleUntil(new Date(p.goneAt!), ctx))}.`,
      p.url,
    ),
    ...(p.url && { url: p.url }),
    status: 'CANCELLED',
    transparent: true,
    ...(p.organizer && { organizer: p.organizer }),
  };
}

function entryOf(
  e: CalendarEvent,
  hash: string,
  sequence: number,
  lastModified: number,
): PublishedEvent {
  return {
    uid: e.uid,
    hash,
    sequence,
    lastModified,
    status: e.status,
    timing: storeTiming(e.timing),
    summary: e.summary,
    ...(e.url && { url: e.url }),
    ...(e.organizer && { organizer: { name: e.organizer.name, email: e.organizer.email } }),
  };
}

/** What the subscriber sees of an event, as a digest. */
export function contentHash(e: CalendarEvent): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        storeTiming(e.timing),
        e.summary,
        e.description ?? '',
        e.location ?? '',
        e.url ?? '',
        e.status,
        e.transparent ?? false,
        e.categories ?? [],
        e.organizer ?? null,
        e.attendees ?? [],
      ]),
    )
    .digest('base64url')
    .slice(0, 22);
}

function storeTiming(t: EventTiming): StoredTiming {
  return t.kind === 'all-day'
    ? { kind: 'all-day', startDay: t.startDay, endDayInclusive: t.endDayInclusive }
    : { kind: 'timed', start: t.start.getTime(), end: t.end.getTime() };
}

function restoreTiming(t: StoredTiming): EventTiming {
  return t.kind === 'all-day'
    ? t
    : { kind: 'timed', start: new Date(t.start), end: new Date(t.end) };
}

function lastDay(t: StoredTiming): CalendarDay {
  return t.kind === 'all-day' ? t.endDayInclusive : domainDayOf(new Date(t.end));
}

/** Whether two ledgers would store the same thing (a render that changed nothing writes nothing). */
export function sameLedger(a: FeedLedger | null, b: Omit<FeedLedger, 'version'>): boolean {
  if (!a) return false;
  if (a.etag !== b.etag || a.lastModified !== b.lastModified) return false;
  if (a.events.length !== b.events.length) return false;
  const byUid = new Map(a.events.map((e) => [e.uid, e]));
  return b.events.every((e) => {
    const o = byUid.get(e.uid);
    return (
      !!o &&
      o.hash === e.hash &&
      o.sequence === e.sequence &&
      o.lastModified === e.lastModified &&
      o.goneAt === e.goneAt
    );
  });
}
