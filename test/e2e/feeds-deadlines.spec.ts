// Statutory deadlines in the agency's feed, through HTTP, read by three parsers: each open
// deadline is an all-day event on its due day with a Vietnamese title; overdue ones say so; a
// deadline met leaves as CANCELLED (the feed ledger), never silently.
import { GONE_PREFIX, lintIcs } from '../../src/feeds/calendar';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';
import { ParsedEvent, parseEverywhere } from '../support/ical-parsers';

describe('deadlines in the agency feed (e2e)', () => {
  let t: TestApp;
  let check: { id: string };
  let feedPath: string;
  let otherFeedPath: string;
  const ENTERPRISE = 'Công ty TNHH Nước sạch Hương Giang';

  beforeAll(async () => {
    t = await createTestApp('feeds_deadlines');
    await seedAgencies(t.http);
    t.clock.set('2026-01-05T03:00:00Z');
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    check = await addInspection(t.http, plan.id, {
      taxCode: makeTaxCode(616161),
      enterpriseName: ENTERPRISE,
      participantAgencyCodes: ['SNV'],
      window: { from: '2026-03-02', to: '2026-03-31' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '12/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    feedPath = new URL(
      (await t.http.post('/feeds').send({ scope: 'agency', ref: 'SKHCN', year: 2026 }).expect(201))
        .body.url,
    ).pathname;
    otherFeedPath = new URL(
      (await t.http.post('/feeds').send({ scope: 'agency', ref: 'SNV', year: 2026 }).expect(201))
        .body.url,
    ).pathname;
  });
  afterAll(() => t.close());

  /** The feed's deadline events as all three parsers read them (they must agree). */
  async function deadlines(path = feedPath): Promise<{ events: ParsedEvent[]; raw: string }> {
    const res = await t.anonymous.get(path).expect(200);
    expect(lintIcs(res.text)).toEqual([]);
    const [first, ...others] = parseEverywhere(res.text).map((p) =>
      p.events
        .filter((e) => e.uid.startsWith('deadline-'))
        .sort((a, b) => (a.uid < b.uid ? -1 : 1)),
    );
    for (const o of others) expect(o).toEqual(first);
    return { events: first, raw: res.text };
  }
  const step = (path: string, body: object) =>
    t.http.post(`/inspections/${check.id}/lifecycle/${path}`).send(body).expect(200);

  it('shows the plan window’s deadline as a lean all-day event with a Vietnamese title', async () => {
    t.clock.set('2026-03-01T03:00:00Z');
    const { events, raw } = await deadlines();
    expect(events).toEqual([
      expect.objectContaining({
        summary: `Hạn bắt đầu kiểm tra theo kế hoạch — ${ENTERPRISE}`,
        status: 'CONFIRMED',
        sequence: 0,
      }),
    ]);
    const text = raw.replace(/\r\n[ \t]/g, '');
    const at = text.indexOf('BEGIN:VEVENT\r\nUID:deadline-');
    const vevent = text.slice(at, text.indexOf('END:VEVENT', at) + 'END:VEVENT\r\n'.length);
    expect(vevent).toContain('DTSTART;VALUE=DATE:20260331\r\n');
    expect(vevent).toContain('DTEND;VALUE=DATE:20260401\r\n');
    expect(vevent).toContain(
      `URL;VALUE=URI:https://lich.example.gov.vn/web/inspections/${check.id}`,
    );
    expect(vevent).toContain('TRANSP:TRANSPARENT');
    // Lean: the folded lines as sent, END:VEVENT included.
    const start = raw.indexOf('BEGIN:VEVENT\r\nUID:deadline-');
    const end = raw.indexOf('END:VEVENT\r\n', start) + 'END:VEVENT\r\n'.length;
    expect(Buffer.byteLength(raw.slice(start, end))).toBeLessThanOrEqual(600);
    // A participant answers for no deadline: not in its feed.
    expect((await deadlines(otherFeedPath)).events).toEqual([]);
  });

  it('a deadline met leaves as CANCELLED; the on-site one comes, then turns overdue', async () => {
    t.clock.set('2026-03-10T03:00:00Z');
    await step('decision', {
      number: '20/QĐ-SKHCN',
      date: '2026-03-09',
      signer: 'Giám đốc Sở',
      team: ['Cán bộ A'],
    });
    await step('on-site/start', { date: '2026-03-10' });
    const started = (await deadlines()).events;
    const window = started.find((e) => e.summary.includes('bắt đầu kiểm tra'))!;
    expect(window).toMatchObject({
      status: 'CANCELLED',
      sequence: 1,
      summary: `${GONE_PREFIX}Hạn bắt đầu kiểm tra theo kế hoạch — ${ENTERPRISE}`,
    });
    // Announced at the start (Decree 217/2025): that deadline is done on the spot, never open.
    expect(started.filter((e) => e.summary.includes('công bố'))).toEqual([]);
    const onSite = started.find((e) => e.summary.includes('tại nơi được kiểm tra'))!;
    expect(onSite).toMatchObject({
      status: 'CONFIRMED',
      summary: `Hạn kết thúc kiểm tra tại nơi được kiểm tra — ${ENTERPRISE}`,
    });

    // Ten working days from 10/3: due 23/3. On 24/3 it is overdue: same UID, higher SEQUENCE.
    t.clock.set('2026-03-24T03:00:00Z');
    const late = (await deadlines()).events.find((e) => e.uid === onSite.uid)!;
    expect(late.summary).toBe(
      `[QUÁ HẠN] Hạn kết thúc kiểm tra tại nơi được kiểm tra — ${ENTERPRISE}`,
    );
    expect(late.status).toBe('CONFIRMED');
    expect(late.sequence).toBeGreaterThan(onSite.sequence);

    await step('on-site/end', { date: '2026-03-24' });
    const ended = (await deadlines()).events.find((e) => e.uid === onSite.uid)!;
    expect(ended.status).toBe('CANCELLED');
    expect(ended.summary.startsWith(GONE_PREFIX)).toBe(true);
    expect(ended.sequence).toBeGreaterThan(late.sequence);
  });
});
