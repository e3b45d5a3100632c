import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { AuditTrail } from '../audit/audit';
import { ANY_SCOPE, DataVersions, scopedVersionId } from '../common/data-versions/data-versions';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addDays, type CalendarDay } from '../domain/calendar-day';
import { parseTaxCode } from '../domain/tax-code';
import { EnterpriseRepository } from '../registry/enterprises/enterprise';
import {
  CalendarFeed,
  type CalendarMappingContext,
  feedUidScope,
  reconcile,
  RenderedCalendar,
  renderCalendarBytesAsync,
  sameLedger,
  strongEtag,
  subscribeLinks,
} from './calendar';
import { FeedLedgerRepository } from './feed-ledger';
import { FeedFilters, FeedRepository, FeedScope, FeedSubscription } from './feed';
import { FeedEventsService } from './feed-events.service';
import { CreateFeedDto } from './feed.dto';

/**
 * The data versions a feed's rendering stays valid under (README.md). Agency, enterprise and
 * conflicts feeds read their own scope (`collection@scope`, bumped by the writes touching it;
 * `@*` by a write naming none), plus the names of the agencies their events name (added
 * after each rendering: AGENCY_NAME). The province and meetings feeds read whole collections.
 */
export function feedDependencies(feed: Pick<FeedSubscription, 'scope' | 'ref'>): string[] {
  const of = (collections: string[], scope: string) =>
    collections.flatMap((c) => [scopedVersionId(c, ANY_SCOPE), scopedVersionId(c, scope)]);
  const names = scopedVersionId('agencies', ANY_SCOPE);
  // Lifecycles: the agency feed's deadline events, and the public gate (a kiểm tra announced).
  const inspectionsOf = (scope: string) => [
    ...of(['inspections', 'inspection_lifecycles', 'enterprises'], scope),
    names,
  ];
  switch (feed.scope) {
    case 'agency':
      return inspectionsOf(`agency:${feed.ref}`);
    case 'enterprise': {
      const tax = parseTaxCode(feed.ref);
      return inspectionsOf(`enterprise:${tax.ok ? tax.parent : feed.ref}`);
    }
    case 'province':
      return ['inspections', 'inspection_lifecycles', 'agencies', 'enterprises'];
    case 'conflicts':
      return [...of(['conflicts', 'enterprises'], `agency:${feed.ref}`), names];
    case 'meetings':
      return ['meetings', 'agencies'];
  }
}

/** The version of an agency's name, for the feeds that name it. */
const AGENCY_NAME = (code: string) => scopedVersionId('agencies', `agency:${code}`);

/** Scopes whose dependencies grow with the agencies their events name. */
const NAMES_AGENCIES_BY_SCOPE: ReadonlySet<FeedScope> = new Set([
  'agency',
  'enterprise',
  'conflicts',
]);

/** A key no reading matches: the next request renders again. */
const UNVERIFIED = 'unverified';

const TOKEN_CACHE_ENTRIES = 500;
/** Rendered bytes kept per replica, all feeds together (least recently served go first). */
const CACHE_BYTES = 64 * 1024 * 1024;
/** How long a token's subscription is remembered: a revocation on another replica takes this long. */
const TOKEN_CACHE_MS = 10_000;
/** Filters that mean something for the meetings feed. */
const MEETING_FILTERS = ['year'] as const;

/** About what Google Calendar keeps of a subscribed feed. */
const GOOGLE_FEED_BYTES = 1_000_000;

export interface FeedSize {
  bytes: number;
  events: number;
  warning?: string;
  /** Filters of narrower feeds of the same scope (POST /feeds with them). */
  narrower?: FeedFilters[];
}

export interface ServedFeed {
  rendered: RenderedCalendar;
  filename: string;
}

type FeedToServe = Pick<FeedSubscription, 'id' | 'scope' | 'ref' | 'filters' | 'name'> & {
  public?: boolean;
};

export type PublicFeed = Omit<FeedSubscription, 'tokenHash'>;

interface CachedFeed {
  key: string;
  /** The data version ids the key is made of. */
  deps: string[];
  asOf: CalendarDay;
  /** When its rendering started (ms since the epoch). */
  renderedAt: number;
  served: ServedFeed;
}

function versionKey(asOf: CalendarDay, deps: readonly string[], read: Map<string, number>) {
  return `${asOf}|${deps.map((d) => `${d}:${read.get(d)}`).join(',')}`;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class FeedsService {
  /**
   * Rendered feeds by subscription (insertion = LRU order), each with the data versions it
   * depends on and the key they had when it was rendered.
   */
  private readonly cache = new Map<string, CachedFeed>();
  private cachedBytes = 0;
  /**
   * The rendering under way per subscription, and the one queued after it: however many ask,
   * a feed renders once at a time, and a request that saw a newer version than the running
   * rendering read waits for the next one (which starts after it, so sees what it saw).
   */
  private readonly inFlight = new Map<
    string,
    { key: string; done: Promise<ServedFeed>; next?: Promise<ServedFeed> }
  >();
  /** Subscriptions by token hash, so a poll of an unchanged feed costs one small read. */
  private readonly tokens = new Map<string, { feed: FeedSubscription; until: number }>();

  constructor(
    private readonly feeds: FeedRepository,
    private readonly ledgers: FeedLedgerRepository,
    private readonly events: FeedEventsService,
    private readonly agencies: AgencyRepository,
    private readonly enterprises: EnterpriseRepository,
    private readonly versions: DataVersions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: CreateFeedDto, actor: string) {
    const { ref, name } = await this.resolveScope(input.scope, input.ref);
    if (input.scope === 'meetings') {
      const extra = (['field', 'type'] as const).filter((f) => input[f] !== undefined);
      if (extra.length)
        throw new InvalidInputError(
          'VALIDATION_FAILED',
          `A meetings feed filters by ${MEETING_FILTERS.join(', ')} only`,
          extra.map((field) => ({
            field,
            code: 'FILTER_NOT_APPLICABLE',
            message: `meetings have no ${field}; filter by year`,
          })),
        );
    }
    const token = randomBytes(24).toString('base64url');
    const feed: FeedSubscription = {
      id: randomUUID(),
      tokenHash: hashToken(token),
      tokenHint: token.slice(0, 4),
      scope: input.scope,
      ...(ref && { ref }),
      filters: {
        ...(input.year && { year: input.year }),
        ...(input.field && { field: input.field }),
        ...(input.type && { type: input.type }),
      },
      name: input.name ?? (input.year ? `${name} — năm ${input.year}` : name),
      createdAt: this.clock.now(),
      createdBy: actor,
    };
    await this.feeds.insert(feed);
    await this.audit.record({
      entityType: 'feed',
      entityId: feed.id,
      action: 'created',
      actor,
      note: `${feed.scope}${ref ? ` ${ref}` : ''}`,
    });
    const url = `${this.config.publicBaseUrl}/feeds/${token}/${fileSlug(feed)}.ics`;
    // Rendered once now: the subscriber learns its size, and the feed's ledger starts here.
    const { rendered } = await this.serve(feed);
    return {
      ...this.public(feed),
      token,
      url,
      subscribeLinks: subscribeLinks(url, feed.name),
      size: this.sizeOf(feed, rendered),
    };
  }

  /** Bytes and events now; past what Google keeps, says so and offers narrower feeds. */
  private sizeOf(feed: FeedSubscription, rendered: RenderedCalendar): FeedSize {
    const size: FeedSize = { bytes: rendered.body.length, events: rendered.eventCount };
    if (size.bytes <= GOOGLE_FEED_BYTES) return size;
    const year = Number(this.clock.today().slice(0, 4));
    // Per year first, then per type; past that, per field (GET /fields lists them).
    const narrower: FeedFilters[] = feed.filters.year
      ? feed.filters.type
        ? []
        : [
            { ...feed.filters, type: 'thanh-tra' },
            { ...feed.filters, type: 'kiem-tra' },
          ]
      : [
          { ...feed.filters, year },
          { ...feed.filters, year: year + 1 },
        ];
    return {
      ...size,
      warning: `${(size.bytes / 1_048_576).toFixed(1)} MB: Google Calendar drops subscribed feeds over about 1 MB; subscribe to narrower feeds (per year, type or field) instead`,
      narrower,
    };
  }

  async list(scope?: FeedScope, ref?: string, includeRevoked = false): Promise<PublicFeed[]> {
    return (await this.feeds.list({ scope, ref, includeRevoked })).map((f) => this.public(f));
  }

  async revoke(id: string, actor: string): Promise<PublicFeed> {
    const revoked = await this.feeds.revoke(id, this.clock.now(), actor);
    if (!revoked) throw new NotFoundError('Feed', id);
    this.forget(id);
    this.tokens.delete(revoked.tokenHash);
    await this.ledgers.remove(id);
    await this.audit.record({ entityType: 'feed', entityId: id, action: 'revoked', actor });
    return this.public(revoked);
  }

  /** The feed behind a secret token; null for an unknown or revoked token (a 404 that says nothing). */
  async serveByToken(token: string): Promise<ServedFeed | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    const hash = hashToken(token);
    const remembered = this.tokens.get(hash);
    let feed = remembered && remembered.until > Date.now() ? remembered.feed : null;
    if (!feed) {
      feed = await this.feeds.findActiveByTokenHash(hash);
      if (!feed) return null;
      if (this.tokens.size >= TOKEN_CACHE_ENTRIES)
        this.tokens.delete(this.tokens.keys().next().value!);
      this.tokens.set(hash, { feed, until: Date.now() + TOKEN_CACHE_MS });
    }
    return this.serve(feed);
  }

  /** An enterprise's planned inspections, for anyone, when the enterprise made its feed public. */
  async servePublicEnterprise(taxCode: string): Promise<ServedFeed | null> {
    const tax = parseTaxCode(taxCode);
    if (!tax.ok) return null;
    const enterprise = await this.enterprises.findByTaxCode(tax.taxCode);
    if (!enterprise?.publicFeed) return null;
    return this.serve({
      id: `public-enterprise-${tax.taxCode}`,
      scope: 'enterprise',
      ref: tax.taxCode,
      filters: {},
      name: `Lịch thanh tra và kiểm tra — ${enterprise.name} (MST ${tax.taxCode})`,
      public: true,
    });
  }

  private async serve(feed: FeedToServe): Promise<ServedFeed> {
    const asOf = this.clock.today();
    const hit = this.cache.get(feed.id);
    // While writes stream, a feed is rendered again at most every FEED_FRESHNESS_SECONDS:
    // clients keep a copy for max-age=300 anyway, and a busy agency's feed changes every second.
    const fresh =
      hit !== undefined &&
      hit.asOf === asOf &&
      this.clock.now().getTime() - hit.renderedAt < this.config.feedFreshnessSeconds * 1000;
    const deps = hit?.deps ?? feedDependencies(feed);
    const key = fresh ? hit.key : versionKey(asOf, deps, await this.versions.read(deps));
    if (hit && hit.key === key) {
      // Most recently served last: the byte bound evicts from the front.
      this.cache.delete(feed.id);
      this.cache.set(feed.id, hit);
      return hit.served;
    }
    const flight = this.inFlight.get(feed.id);
    if (!flight) return this.startRendering(feed, key);
    if (flight.key === key) return flight.done;
    // Saw a change the running rendering may have missed: the next one, shared.
    flight.next ??= flight.done.catch(() => undefined).then(() => this.serve(feed));
    return flight.next;
  }

  private startRendering(feed: FeedToServe, key: string): Promise<ServedFeed> {
    const flight: { key: string; done: Promise<ServedFeed>; next?: Promise<ServedFeed> } = {
      key,
      done: this.renderAndRemember(feed).finally(() => {
        if (this.inFlight.get(feed.id) === flight) this.inFlight.delete(feed.id);
      }),
    };
    flight.done.catch(() => undefined);
    this.inFlight.set(feed.id, flight);
    return flight.done;
  }

  /** Reads the versions, then the data: a write between them only makes the next poll render. */
  private async renderAndRemember(feed: FeedToServe): Promise<ServedFeed> {
    const asOf = this.clock.today();
    const renderedAt = this.clock.now().getTime();
    const base = feedDependencies(feed);
    const namesAgencies = NAMES_AGENCIES_BY_SCOPE.has(feed.scope);
    // Every registered agency's name version, read before the names are: whichever the
    // events turn out to name, the key is the one the rendering saw.
    const known = namesAgencies
      ? (await this.agencies.list({})).map((a) => AGENCY_NAME(a.code))
      : [];
    const previous = this.cache.get(feed.id)?.deps ?? [];
    const read = await this.versions.read([...new Set([...base, ...previous, ...known])]);
    const named = new Set<string>();
    const served = await this.render(feed, asOf, named);
    const deps = [...base, ...[...named].sort().map(AGENCY_NAME)];
    // A code no agency had when the versions were read: valid only once read (next poll).
    const key = deps.every((d) => read.has(d)) ? versionKey(asOf, deps, read) : UNVERIFIED;
    this.remember(feed.id, { key, deps, asOf, renderedAt, served });
    return served;
  }

  /** The feed as of `asOf`: its events, reconciled with what it last published. */
  private async render(
    feed: FeedToServe,
    asOf: CalendarDay,
    named?: Set<string>,
  ): Promise<ServedFeed> {
    const range = feedRange(feed.filters, asOf, this.config);
    const base = this.config.publicBaseUrl.replace(/\/+$/, '');
    const ctx: CalendarMappingContext = {
      feedScope: feedUidScope({ scope: feed.scope, ref: feed.ref, filters: { ...feed.filters } }),
      uidDomain: new URL(base).hostname,
      baseUrl: base,
      asOf,
      ...(feed.public && { publicEnterprise: true }),
    };
    const current = await this.events.events(feed, range, ctx, named);
    const calendar: CalendarFeed = {
      name: feed.name,
      description: `${feed.name}. Lịch do hệ thống điều phối kế hoạch thanh tra và kiểm tra doanh nghiệp công bố. Các mốc là thời gian dự kiến theo kế hoạch đã đăng ký.`,
      refreshIntervalMinutes: this.config.feedRefreshMinutes,
    };
    // Two tries: a replica that stored first makes ours reconcile against its ledger.
    for (let attempt = 0; ; attempt++) {
      const previous = await this.ledgers.load(feed.id);
      const now = this.clock.now();
      const { events, published } = reconcile(previous, current, { now, range, ctx });
      const body = await renderCalendarBytesAsync(calendar, events);
      const etag = strongEtag(body);
      let latest = 0;
      for (const e of events) latest = Math.max(latest, e.lastModified.getTime());
      // Last-Modified moves whenever the bytes do (an event aged out or left), never back;
      // a first render (a new feed, or one from before the ledger) is "now".
      const lastModified =
        previous?.etag === etag && previous.lastModified !== undefined
          ? previous.lastModified
          : Math.max(latest, now.getTime(), (previous?.lastModified ?? 0) + 1000);
      const next = { etag, lastModified, events: published };
      const saved =
        sameLedger(previous, next) ||
        (await this.ledgers.save(feed.id, { version: (previous?.version ?? 0) + 1, ...next }));
      if (saved || attempt >= 1)
        return {
          rendered: {
            body,
            etag,
            lastModified: new Date(lastModified),
            eventCount: events.length,
          },
          filename: `${fileSlug(feed)}.ics`,
        };
    }
  }

  private remember(id: string, entry: CachedFeed): void {
    this.forget(id);
    const size = entry.served.rendered.body.length;
    if (size > CACHE_BYTES) return;
    while (this.cachedBytes + size > CACHE_BYTES && this.cache.size) {
      this.forget(this.cache.keys().next().value!);
    }
    this.cache.set(id, entry);
    this.cachedBytes += size;
  }

  private forget(id: string): void {
    const entry = this.cache.get(id);
    if (!entry) return;
    this.cachedBytes -= entry.served.rendered.body.length;
    this.cache.delete(id);
  }

  private async resolveScope(
    scope: FeedScope,
    ref: string | undefined,
  ): Promise<{ ref?: string; name: string }> {
    const need = (what: string) =>
      new InvalidInputError('VALIDATION_FAILED', `A ${scope} feed needs ref: ${what}`, [
        { field: 'ref', code: 'REQUIRED', message: `give ${what}` },
      ]);
    switch (scope) {
      case 'agency':
      case 'conflicts': {
        if (!ref) throw need('an agency code');
        const agency = await this.agencies.findByCode(ref.trim().toUpperCase());
        if (!agency)
          throw new InvalidInputError('VALIDATION_FAILED', `agency ${ref} does not exist`, [
            { field: 'ref', code: 'AGENCY_NOT_FOUND', message: `agency ${ref} does not exist` },
          ]);
        return {
          ref: agency.code,
          name:
            scope === 'agency'
              ? `Lịch thanh tra và kiểm tra — ${agency.name}`
              : `Chồng chéo thanh tra và kiểm tra — ${agency.name}`,
        };
      }
      case 'enterprise': {
        if (!ref) throw need('a tax code');
        const tax = parseTaxCode(ref);
        if (!tax.ok)
          throw new InvalidInputError('VALIDATION_FAILED', tax.message.en, [
            { field: 'ref', code: tax.code, message: tax.message.en },
          ]);
        const enterprise = await this.enterprises.findByTaxCode(tax.taxCode);
        if (!enterprise)
          throw new InvalidInputError(
            'VALIDATION_FAILED',
            `enterprise ${tax.taxCode} is not registered`,
            [
              {
                field: 'ref',
                code: 'ENTERPRISE_NOT_FOUND',
                message: `no enterprise ${tax.taxCode}`,
              },
            ],
          );
        return {
          ref: tax.taxCode,
          name: `Lịch thanh tra và kiểm tra — ${enterprise.name} (MST ${tax.taxCode})`,
        };
      }
      case 'province':
        return { name: 'Lịch thanh tra và kiểm tra doanh nghiệp toàn tỉnh' };
      case 'meetings':
        return { name: 'Lịch họp phối hợp thanh tra và kiểm tra' };
    }
  }

  private public(feed: FeedSubscription): PublicFeed {
    const { tokenHash: _hash, ...rest } = feed;
    return rest;
  }
}

/** The file part of a feed URL: ASCII, readable, the same for every render. */
function fileSlug(feed: Pick<FeedSubscription, 'scope' | 'ref' | 'filters'>): string {
  const parts = [
    'lich',
    feed.scope,
    feed.ref,
    feed.filters.year,
    feed.filters.field,
    feed.filters.type,
  ].filter((p) => p !== undefined && p !== '');
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
}

/**
 * The days a feed shows: a feed bound to a plan year shows that whole year; others a rolling
 * window (FEED_PAST_DAYS back, FEED_FUTURE_DAYS ahead of today).
 */
export function feedRange(
  filters: FeedSubscription['filters'],
  asOf: CalendarDay,
  config: Pick<AppConfig, 'feedPastDays' | 'feedFutureDays'>,
): { from: CalendarDay; to: CalendarDay } {
  if (filters.year) return { from: `${filters.year}-01-01`, to: `${filters.year}-12-31` };
  return { from: addDays(asOf, -config.feedPastDays), to: addDays(asOf, config.feedFutureDays) };
}
