// UIDs: `<kind>-<record part>[.<record part>].<feed scope>@<domain>`.
//
// The record parts keep a UID stable for the life of the record; the feed scope makes the same
// record's event distinct in every feed it appears in (an inspection sits in its agency's, its
// enterprise's and the province's feed). Clients key events by UID across ALL the calendars of
// an account (Google moves or hides an event whose UID already exists in another calendar), so
// a shared UID would make an inspection vanish from one subscription. The scope comes from the
// feed's definition (scope, ref, filters), never from its secret token: rotating a token keeps
// UIDs. Every part is percent-encoded down to [A-Za-z0-9%_-], so '.', '-' and '@' only ever act
// as separators and distinct inputs can never produce the same UID.
import { createHash } from 'node:crypto';

export type CalendarRecordKind = 'inspection' | 'meeting' | 'conflict' | 'deadline';

export type FeedScopeKind = 'agency' | 'enterprise' | 'province' | 'meetings' | 'conflicts';

export interface FeedScopeRef {
  scope: FeedScopeKind;
  /** Agency code or tax code, for the scopes that have one. */
  ref?: string;
  /** Narrowing filters (year, field, type...); absent or undefined values are ignored. */
  filters?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** Stable key of a feed definition, e.g. `agency-SKHCN` or `province-f3a9c1e07b` (filtered). */
export function feedUidScope(feed: FeedScopeRef): string {
  let key = feed.scope + (feed.ref ? `-${uidPart(feed.ref)}` : '');
  const filters = Object.entries(feed.filters ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (filters.length) {
    // A short digest: filter values may be long or non-ASCII, and a UID should stay short.
    key += `-${createHash('sha256').update(JSON.stringify(filters)).digest('hex').slice(0, 10)}`;
  }
  return key;
}

export function eventUid(
  kind: CalendarRecordKind,
  recordParts: readonly string[],
  feedScope: string,
  domain: string,
): string {
  if (!recordParts.length) throw new RangeError('a UID needs at least one record part');
  if (!/^[A-Za-z0-9%_-]+$/.test(feedScope)) throw new RangeError(`bad feed scope: ${feedScope}`);
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw new RangeError(`bad UID domain: ${domain}`);
  return `${kind}-${recordParts.map(uidPart).join('.')}.${feedScope}@${domain}`;
}

/** encodeURIComponent, plus the characters it leaves alone that we use as separators. */
function uidPart(value: string): string {
  if (!value) throw new RangeError('empty UID part');
  return encodeURIComponent(value).replace(
    /[.!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
