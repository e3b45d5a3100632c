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
import { FakeFeedLedgerRepository } from './testing/fake-feed-ledger-repository';
import { type CalendarEvent, GONE_PREFIX } from './calendar';
import ICAL from 'ical.js';

/** An all-day event as a mapper would make it. */
const event = (id: string, over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: `inspection-${id}.province@lich.example.vn`,
  sequence: 1,
  dtstamp: new Date('2026-02-01T00:00:00Z'),
  lastModified: new Date('2026-02-01T00:00:00Z'),
  timing: { kind: 'all-day', startDay: '2026-03-10', endDayInclusive: '2026-03-12' },
  summary: `Kiểm tra đo lường — Công ty ${id}`,
  status: 'TENTATIVE',
  ...over,
});

function parsed(body: Buffer) {
  const root = new ICAL.Component(ICAL.parse(body.toString('utf8')));
  return root.getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    summary: String(v.getFirstPropertyValue('summary')),
    status: String(v.getFirstPropertyValue('status')),
    sequence: Number(v.getFirstPropertyValue('sequence')),
    lastModified: String(v.getFirstPropertyValue('last-modified')),
  }));
}

const NOW = new Date('2026-03-02T03:00:00.000Z');

function setup(over: Partial<AppConfig> = {}) {
  const clock = new FakeClock(NOW);
  const feeds = new FakeFeedRepository();
  const audit = new FakeAuditTrail(clock);
  const renders: unknown[][] = [];
  // What the feed's data produces now; tests change it between polls.
  let produced: CalendarEvent[] = [];
  const events = {
    events: async (...args: unknown[]) => {
      const read = produced.map((e) => ({ ...e })); // what the data is when read starts
      renders.push(args);
      await new Promise((r) => setImmediate(r)); // a real read takes a turn of the loop
      return read;
    },
  } as unknown as FeedEventsService;
  const ledgers = new FakeFeedLedgerRepository();
  // Every data version moves at once here; which writes move which is data-versions' concern.
  let version = 1;
  const versions = {
    read: async (ids: string[]) => new Map(ids.map((id) => [id, version])),
  } as unknown as DataVersions;
  const enterprises = {
    findByTaxCode: async (t: string) =>
      t === '0100109106' ? { taxCode: t, name: 'VNPT', publicFeed: false } : null,
  } as unknown as EnterpriseRepository;
  const config = {
    publicBaseUrl: 'https://lich.example.vn/api',
    feedPastDays: 90,
    feedFutureDays: 400,
    feedRefreshMinutes: 60,
    feedFreshnessSeconds: 0,
    ...over,
  } as AppConfig;
  const service = new FeedsService(
    feeds,
    ledgers,
    events,
    new FakeAgencyRepository([agency('SYT', { name: 'Sở Y tế' })]),
    enterprises,
    versions,
    audit,
    clock,
    config,
  );
  let n = 1;
  return {
    service,
    feeds,
    audit,
    renders,
    clock,
    ledgers,
    bump: () => (version = ++n),
    produce: (list: CalendarEvent[]) => (produced = list),
  };
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
      name: 'Lịch thanh tra và kiểm tra — Sở Y tế',
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

  it('tells the size of a new feed, and offers narrower ones past what Google keeps', async () => {
    const { service, produce } = setup();
    const long = 'Kiểm tra đo lường — Công ty TNHH Thương mại Dịch vụ Số '.repeat(5);
    produce(Array.from({ length: 4000 }, (_, i) => event(`e${i}`, { summary: long })));
    const out = await service.create({ scope: 'province' } as never, 'alice');
    expect(out.size.bytes).toBeGreaterThan(1_000_000);
    expect(out.size).toMatchObject({
      events: 4000,
      warning: expect.stringContaining('Google'),
      narrower: [{ year: 2026 }, { year: 2027 }],
    });
    produce([event('a')]);
    const small = await service.create({ scope: 'province', year: 2026 } as never, 'alice');
    expect(small.size).toEqual({ bytes: expect.any(Number), events: 1 });
  });

  it('a feed bound to a plan year shows that whole year, whatever today is', async () => {
    const { service, renders } = setup();
    const out = await service.create({ scope: 'province', year: 2026 } as never, 'alice');
    expect(out.name).toBe('Lịch thanh tra và kiểm tra doanh nghiệp toàn tỉnh — năm 2026');
    await service.serveByToken(tokenOf(out.url));
    expect(renders[0][1]).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('refuses field or type filters on a meetings feed, naming the field', async () => {
    const { service } = setup();
    await expect(
      service.create({ scope: 'meetings', field: 'tax' } as never, 'alice'),
    ).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'field', code: 'FILTER_NOT_APPLICABLE' }],
    });
  });

  it('renders once however many ask at the same moment (single flight)', async () => {
    const { service, renders, produce, bump } = setup();
    produce([event('a'), event('b')]);
    const out = await service.create({ scope: 'province' } as never, 'alice');
    expect(renders.length).toBe(1); // created: rendered once to tell its size
    bump();
    const all = await Promise.all(
      Array.from({ length: 50 }, () => service.serveByToken(tokenOf(out.url))),
    );
    expect(renders.length).toBe(2);
    expect(new Set(all.map((s) => s!.rendered.etag)).size).toBe(1);
  });

  it('a change seen while a rendering runs waits for one more, shared by all who saw it', async () => {
    const { service, renders, produce, bump } = setup();
    produce([event('a')]);
    const out = await service.create({ scope: 'province' } as never, 'alice');
    const token = tokenOf(out.url);
    bump();
    const early = Array.from({ length: 5 }, () => service.serveByToken(token));
    // The rendering for the first change is reading; a second change lands meanwhile.
    while (renders.length < 2) await new Promise((r) => setImmediate(r));
    produce([event('a'), event('b')]);
    bump();
    const late = Array.from({ length: 5 }, () => service.serveByToken(token));
    const [before, after] = [await Promise.all(early), await Promise.all(late)];
    expect(renders.length).toBe(3); // created, the first change, the second: one each
    expect(new Set(before.map((s) => s!.rendered.eventCount))).toEqual(new Set([1]));
    // Whoever saw the second change gets a rendering that started after it.
    expect(new Set(after.map((s) => s!.rendered.eventCount))).toEqual(new Set([2]));
  });

  it.each(['province', 'agency'] as const)(
    'renders a %s feed again at most every FEED_FRESHNESS_SECONDS',
    async (scope) => {
      const { service, renders, bump, clock } = setup({ feedFreshnessSeconds: 30 });
      const input = scope === 'agency' ? { scope, ref: 'SYT' } : { scope };
      const token = tokenOf((await service.create(input as never, 'a')).url);
      expect(renders.length).toBe(1);
      bump();
      clock.advance(29_000);
      await service.serveByToken(token);
      expect(renders.length).toBe(1); // still within the bound: the last rendering
      clock.advance(1_000);
      await service.serveByToken(token);
      expect(renders.length).toBe(2);
      clock.advance(60_000);
      await service.serveByToken(token);
      expect(renders.length).toBe(2); // no change since: no rendering, however old
    },
  );

  it('a new day renders again within the freshness bound (events age by the day)', async () => {
    const { service, renders, clock } = setup({ feedFreshnessSeconds: 3_600 });
    clock.set(new Date('2026-03-01T16:59:00Z')); // 23:59 in Hà Nội
    const token = tokenOf((await service.create({ scope: 'province' } as never, 'a')).url);
    clock.advance(2 * 60_000); // 00:01 the next day
    await service.serveByToken(token);
    expect(renders.length).toBe(2);
  });

  it('an event that left the feed stays CANCELLED with a higher SEQUENCE, then drops', async () => {
    const { service, produce, bump, clock } = setup();
    produce([event('a'), event('b')]);
    const out = await service.create({ scope: 'province' } as never, 'alice');
    const token = tokenOf(out.url);
    const first = (await service.serveByToken(token))!.rendered;
    produce([event('a')]);
    bump();
    clock.advance(60_000);
    const second = (await service.serveByToken(token))!.rendered;
    const b = parsed(second.body).find((e) => e.uid.startsWith('inspection-b'))!;
    expect(b).toMatchObject({ status: 'CANCELLED', sequence: 2 });
    expect(b.summary.startsWith(GONE_PREFIX)).toBe(true);
    expect(second.lastModified!.getTime()).toBeGreaterThan(first.lastModified!.getTime());
    // 30 days later the tombstone is still there; on day 31 it is gone.
    clock.advance(30 * 86_400_000);
    expect(parsed((await service.serveByToken(token))!.rendered.body)).toHaveLength(2);
    clock.advance(86_400_000);
    expect(parsed((await service.serveByToken(token))!.rendered.body).map((e) => e.uid)).toEqual([
      event('a').uid,
    ]);
  });

  it('an event that ended before the window ages out silently', async () => {
    const { service, produce, bump } = setup();
    const old = event('old', {
      timing: { kind: 'all-day', startDay: '2025-11-01', endDayInclusive: '2025-11-05' },
    });
    produce([event('a'), old]);
    const token = tokenOf((await service.create({ scope: 'province' } as never, 'alice')).url);
    await service.serveByToken(token);
    produce([event('a')]); // the window (from 2025-12-02) no longer reaches it
    bump();
    expect(parsed((await service.serveByToken(token))!.rendered.body)).toHaveLength(1);
  });

  it('a change in what an event shows raises SEQUENCE and LAST-MODIFIED though its record did not change', async () => {
    const { service, produce, bump, clock } = setup();
    produce([event('a')]);
    const token = tokenOf((await service.create({ scope: 'province' } as never, 'alice')).url);
    const before = (await service.serveByToken(token))!.rendered;
    clock.advance(3_600_000);
    produce([event('a', { summary: 'Kiểm tra đo lường — Công ty đã đổi tên' })]); // a rename
    bump();
    const after = (await service.serveByToken(token))!.rendered;
    expect(parsed(after.body)[0]).toMatchObject({
      sequence: 2,
      lastModified: '2026-03-02T04:00:00Z',
    });
    expect(after.lastModified!.getTime()).toBeGreaterThan(before.lastModified!.getTime());
    // Nothing changed since: same bytes, same validators.
    bump();
    const again = (await service.serveByToken(token))!.rendered;
    expect(again.etag).toBe(after.etag);
    expect(again.lastModified).toEqual(after.lastModified);
  });

  it('the feed Last-Modified moves with its bytes, even when only an event went away', async () => {
    const { service, produce, bump, clock } = setup();
    const old = event('old', {
      timing: { kind: 'all-day', startDay: '2025-11-01', endDayInclusive: '2025-12-02' },
    });
    produce([event('a'), old]);
    const token = tokenOf((await service.create({ scope: 'province' } as never, 'alice')).url);
    const first = (await service.serveByToken(token))!.rendered;
    clock.advance(86_400_000); // the next day: `old` ends before the window now
    produce([event('a')]);
    bump();
    const next = (await service.serveByToken(token))!.rendered;
    expect(next.etag).not.toBe(first.etag);
    expect(next.lastModified!.getTime()).toBeGreaterThan(first.lastModified!.getTime());
  });
});
