import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AgencyRepository } from '../agencies/agency';
import { AuditTrail } from '../audit/audit';
import { DataVersions } from '../common/data-versions/data-versions';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addDays } from '../domain/calendar-day';
import { parseTaxCode } from '../domain/tax-code';
import { EnterpriseRepository } from '../registry/enterprises/enterprise';
import {
  CalendarFeed,
  feedUidScope,
  RenderedCalendar,
  renderCalendarDocument,
  subscribeLinks,
} from './calendar';
import { FeedRepository, FeedScope, FeedSubscription } from './feed';
import { FeedEventsService } from './feed-events.service';
import { CreateFeedDto } from './feed.dto';

/** Which collections a scope reads: its cached rendering is valid while none changed. */
const TOPICS: Record<FeedScope, string[]> = {
  agency: ['inspections', 'agencies'],
  enterprise: ['inspections', 'agencies'],
  province: ['inspections', 'agencies'],
  conflicts: ['conflicts', 'agencies'],
  meetings: ['meetings', 'agencies'],
};

const CACHE_ENTRIES = 500;
/** How long a token's subscription is remembered: a revocation on another replica takes this long. */
const TOKEN_CACHE_MS = 10_000;

export interface ServedFeed {
  rendered: RenderedCalendar;
  filename: string;
}

export type PublicFeed = Omit<FeedSubscription, 'tokenHash'>;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class FeedsService {
  /** Rendered feeds by subscription, each with the key it was rendered under. */
  private readonly cache = new Map<string, { key: string; served: ServedFeed }>();
  /** Subscriptions by token hash, so a poll of an unchanged feed costs one small read. */
  private readonly tokens = new Map<string, { feed: FeedSubscription; until: number }>();

  constructor(
    private readonly feeds: FeedRepository,
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
      name: input.name ?? name,
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
    return { ...this.public(feed), token, url, subscribeLinks: subscribeLinks(url, feed.name) };
  }

  async list(scope?: FeedScope, ref?: string, includeRevoked = false): Promise<PublicFeed[]> {
    return (await this.feeds.list({ scope, ref, includeRevoked })).map((f) => this.public(f));
  }

  async revoke(id: string, actor: string): Promise<PublicFeed> {
    const revoked = await this.feeds.revoke(id, this.clock.now(), actor);
    if (!revoked) throw new NotFoundError('Feed', id);
    this.cache.delete(id);
    this.tokens.delete(revoked.tokenHash);
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
      if (this.tokens.size >= CACHE_ENTRIES) this.tokens.delete(this.tokens.keys().next().value!);
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
      name: `Lịch thanh tra, kiểm tra — ${enterprise.name} (MST ${tax.taxCode})`,
    });
  }

  private async serve(
    feed: Pick<FeedSubscription, 'id' | 'scope' | 'ref' | 'filters' | 'name'>,
  ): Promise<ServedFeed> {
    const asOf = this.clock.today();
    const key = `${asOf}|${await this.versions.fingerprint(TOPICS[feed.scope])}`;
    const hit = this.cache.get(feed.id);
    if (hit && hit.key === key) return hit.served;

    const range = {
      from: addDays(asOf, -this.config.feedPastDays),
      to: addDays(asOf, this.config.feedFutureDays),
    };
    const base = this.config.publicBaseUrl;
    const events = await this.events.events(feed, range, {
      feedScope: feedUidScope({ scope: feed.scope, ref: feed.ref, filters: { ...feed.filters } }),
      uidDomain: new URL(base).hostname,
      baseUrl: base,
      asOf,
    });
    const calendar: CalendarFeed = {
      name: feed.name,
      description: `${feed.name}. Lịch do hệ thống điều phối kế hoạch thanh tra, kiểm tra doanh nghiệp công bố; các mốc là thời gian dự kiến theo kế hoạch đã đăng ký.`,
      refreshIntervalMinutes: this.config.feedRefreshMinutes,
    };
    const served = {
      rendered: renderCalendarDocument(calendar, events),
      filename: `${fileSlug(feed)}.ics`,
    };
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(feed.id, { key, served });
    return served;
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
              ? `Lịch thanh tra, kiểm tra — ${agency.name}`
              : `Chồng chéo thanh tra, kiểm tra — ${agency.name}`,
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
          name: `Lịch thanh tra, kiểm tra — ${enterprise.name} (MST ${tax.taxCode})`,
        };
      }
      case 'province':
        return { name: 'Lịch thanh tra, kiểm tra doanh nghiệp toàn tỉnh' };
      case 'meetings':
        return { name: 'Lịch họp phối hợp thanh tra, kiểm tra' };
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
