import { createHash } from 'node:crypto';
import { agency, FakeAgencyRepository } from '../agencies/testing/fake-agency-repository';
import { FakeClock } from '../common/testing/fake-clock';
import { FakeAuditTrail } from '../audit/testing/fake-audit-trail';
import type { DataVersions } from '../common/data-versions/data-versions';
import type { AppConfig } from '../config/app-config';
import type { EnterpriseRepository } from '../registry/enterprises/enterprise';
import type { FeedEventsService } from './feed-events.service';
import { FeedsService } from './feeds.service';
import { FakeFeedRepository } from './testing/fake-feed-repository';

const NOW = new Date('2026-03-02T03:00:00.000Z');

function setup() {
  const clock = new FakeClock(NOW);
  const feeds = new FakeFeedRepository();
  const audit = new FakeAuditTrail(clock);
  const renders: unknown[][] = [];
  const events = {
    events: async (...args: unknown[]) => {
      renders.push(args);
      return [];
    },
  } as unknown as FeedEventsService;
  let version = 'v1';
  const versions = { fingerprint: async () => version } as unknown as DataVersions;
  const enterprises = {
    findByTaxCode: async (t: string) =>
      t === '0100109106' ? { taxCode: t, name: 'VNPT', publicFeed: false } : null,
  } as unknown as EnterpriseRepository;
  const config = {
    publicBaseUrl: 'https://lich.example.vn/api',
    feedPastDays: 90,
    feedFutureDays: 400,
    feedRefreshMinutes: 60,
  } as AppConfig;
  const service = new FeedsService(
    feeds,
    events,
    new FakeAgencyRepository([agency('SYT', { name: 'Sở Y tế' })]),
    enterprises,
    versions,
    audit,
    clock,
    config,
  );
  return { service, feeds, audit, renders, bump: () => (version = 'v2') };
}

const tokenOf = (url: string) => url.split('/feeds/')[1].split('/')[0];

describe('FeedsService', () => {
  it('creates an agency feed: normalised ref, its name, a secret shown once and stored hashed', async () => {
    const { service, feeds, audit } = setup();
    const out = await service.create({ scope: 'agency', ref: ' syt ' } as never, 'alice');
    const token = tokenOf(out.url);
    expect(out.url).toBe(`https://lich.example.vn/api/feeds/${token}/lich-agency-syt.ics`);
    expect(out).toMatchObject({
      scope: 'agency',
      ref: 'SYT',
      name: 'Lịch thanh tra, kiểm tra — Sở Y tế',
      filters: {},
      tokenHint: token.slice(0, 4),
      createdAt: NOW,
      createdBy: 'alice',
    });
    expect(out).not.toHaveProperty('tokenHash');
    expect(feeds.rows.get(out.id)!.tokenHash).toBe(
      createHash('sha256').update(token).digest('hex'),
    );
    expect(audit.recorded).toEqual([
      {
        entityType: 'feed',
        entityId: out.id,
        action: 'created',
        actor: 'alice',
        at: NOW,
        note: 'agency SYT',
      },
    ]);
  });

  it.each([
    [{ scope: 'agency' }, 'A agency feed needs ref: an agency code'],
    [{ scope: 'agency', ref: 'NOPE' }, 'agency NOPE does not exist'],
    [
      { scope: 'enterprise', ref: '0100109107' },
      'Tax code "0100109107" has a wrong check digit (10th digit)',
    ],
    [{ scope: 'enterprise', ref: '0300588569' }, 'enterprise 0300588569 is not registered'],
  ])('refuses %j (400 VALIDATION_FAILED)', async (input, message) => {
    const { service, feeds } = setup();
    await expect(service.create(input as never, 'alice')).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message,
    });
    expect(feeds.rows.size).toBe(0);
  });

  it('serves a token until it is revoked, then answers null', async () => {
    const { service } = setup();
    const out = await service.create({ scope: 'province' } as never, 'alice');
    const token = tokenOf(out.url);
    expect((await service.serveByToken(token))!.filename).toBe('lich-province.ics');
    await service.revoke(out.id, 'bob');
    expect(await service.serveByToken(token)).toBe(null);
  });

  it('answers null for a malformed or unknown token', async () => {
    const { service } = setup();
    expect(await service.serveByToken('short')).toBe(null);
    expect(await service.serveByToken('A'.repeat(32))).toBe(null);
  });

  it('renders again only when the data changed', async () => {
    const { service, renders, bump } = setup();
    const out = await service.create({ scope: 'province' } as never, 'alice');
    const token = tokenOf(out.url);
    await service.serveByToken(token);
    await service.serveByToken(token);
    expect(renders.length).toBe(1);
    expect(renders[0][1]).toEqual({ from: '2025-12-02', to: '2027-04-06' });
    bump();
    await service.serveByToken(token);
    expect(renders.length).toBe(2);
  });

  it('revoking an unknown feed is 404 FEED_NOT_FOUND', async () => {
    const { service } = setup();
    await expect(service.revoke('nope', 'bob')).rejects.toMatchObject({
      status: 404,
      code: 'FEED_NOT_FOUND',
    });
  });

  it('an enterprise that did not make its feed public has none', async () => {
    const { service } = setup();
    expect(await service.servePublicEnterprise('0100109106')).toBe(null);
  });
});
