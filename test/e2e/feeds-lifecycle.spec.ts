// Calendars as subscribers see them, through HTTP, read by three independent parsers after
// each step of a plan's life: nothing leaves a feed silently, renames raise SEQUENCE, and
// If-Modified-Since never hides a change.
import { GONE_PREFIX, lintIcs } from '../../src/feeds/calendar';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';
import { ParsedEvent, parseEverywhere } from '../support/ical-parsers';

interface Feed {
  id: string;
  url: string;
  name: string;
  /** Last-Modified of the last fetch, sent back as If-Modified-Since. */
  lastModified?: string;
}

describe('calendar feeds through a plan year', () => {
  let t: TestApp;
  const tax = makeTaxCode(515151);
  const other = makeTaxCode(525252);
  let plan: { id: string };
  let main: { id: string };
  let second: { id: string };
  const feeds: Record<string, Feed> = {};
  let ttt: { id: string };
  let snv: { id: string };

  beforeAll(async () => {
    t = await createTestApp('feeds-lifecycle');
    await seedAgencies(t.http);
    plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    main = await addInspection(t.http, plan.id, {
      taxCode: tax,
      enterpriseName: 'Công ty TNHH Nước sạch Hương Giang',
      participantAgencyCodes: ['SNV'],
      window: { from: '2026-04-06', to: '2026-04-17' },
    });
    second = await addInspection(t.http, plan.id, {
      taxCode: other,
      enterpriseName: 'Công ty Cổ phần Gạch men Phú Bài',
      window: { from: '2026-10-05', to: '2026-10-16' },
    });
    await t.http.patch(`/enterprises/${tax}`).send({ address: '12 Lê Lợi, Huế' }).expect(200);
    await t.http.post(`/plans/${plan.id}/submit`).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '12/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    for (const [key, body] of Object.entries({
      province: { scope: 'province' },
      year: { scope: 'province', year: 2026 },
      snv: { scope: 'agency', ref: 'SNV' },
      enterprise: { scope: 'enterprise', ref: tax },
      conflicts: { scope: 'conflicts', ref: 'TTT' },
      meetings: { scope: 'meetings', year: 2026 },
    })) {
      feeds[key] = (await t.http.post('/feeds').send(body).expect(201)).body;
    }
    // Everyone has the feeds as they are now.
    for (const key of Object.keys(feeds)) await fetch(key);
  });
  afterAll(() => t.close());

  /** A later moment for each step: records and ledgers get distinct instants. */
  const later = () => t.clock.advance(60_000);

  /**
   * Fetches a feed as a client that has the previous copy would (If-Modified-Since): 200 with
   * new bytes, read alike by all three parsers; then the same request again is a 304.
   */
  async function fetch(key: string, expectChange = true): Promise<ParsedEvent[]> {
    const feed = feeds[key];
    const path = new URL(feed.url).pathname;
    const req = t.anonymous.get(path);
    if (feed.lastModified) req.set('if-modified-since', feed.lastModified);
    const res = await req;
    if (!expectChange) {
      expect(res.status).toBe(304);
      return [];
    }
    expect(res.status).toBe(200);
    expect(lintIcs(res.text)).toEqual([]);
    const parsed = parseEverywhere(res.text);
    for (const p of parsed) {
      // Read raw (ical.js) or unescaped (the others), the name is the same words.
      expect(p.name).toBe(feed.name);
      expect(p.name).not.toMatch(/[\\,;]/);
      expect(p.description).not.toMatch(/\\/);
    }
    feed.lastModified = res.headers['last-modified'];
    await t.anonymous.get(path).set('if-modified-since', feed.lastModified!).expect(304);
    await t.anonymous.get(path).set('if-none-match', res.headers.etag).expect(304);
    return parsed[0].events;
  }
  const of = (events: ParsedEvent[], id: string) =>
    events.filter((e) => e.uid.startsWith(`inspection-${id}.`));

  it('a feed for plan year 2026 shows the whole year, even what ended long ago', async () => {
    // (Feeds are read anonymously: the secret URL is the credential, and the admin's session
    // would not survive the clock's jump.)
    t.clock.set(new Date('2026-11-20T03:00:00Z')); // April is more than 90 days back
    try {
      // The whole year: nothing changed for it, so the client's copy is still right (304)...
      await fetch('year', false);
      expect(of(await fetchAgain('year'), main.id)).toHaveLength(1);
      // ...while the rolling window has moved past April: new bytes, not a 304.
      expect(of(await fetch('province'), main.id)).toHaveLength(0);
    } finally {
      t.clock.set(new Date('2026-03-01T03:00:00Z'));
    }
    for (const key of Object.keys(feeds)) await fetchAgain(key);
  });

  it('events are lean and carry ORGANIZER, the address and one link to the web page', async () => {
    const res = await t.anonymous.get(new URL(feeds.enterprise.url).pathname).expect(200);
    const text = res.text.replace(/\r\n[ \t]/g, ''); // unfolded
    const vevent = text.slice(text.indexOf('BEGIN:VEVENT'));
    expect(vevent).toContain('LOCATION:12 Lê Lợi\\, Huế');
    expect(vevent).toMatch(/ORGANIZER;CN="?Sở Khoa học và Công nghệ"?:mailto:/);
    expect(vevent).toContain(`\\nhttps://lich.example.gov.vn/web/inspections/${main.id}\r\n`);
    expect(
      Buffer.byteLength(vevent.slice(0, vevent.indexOf('END:VEVENT') + 12)),
    ).toBeLessThanOrEqual(640); // an enterprise-feed UID is longer; the bench measures ≤ 600 B
  });

  it("an enterprise's public feed leaves out a kiểm tra not yet started, read alike by all three parsers", async () => {
    // Decree 217/2025: a kiểm tra is announced when it starts; before, the public sees nothing
    // of it (test/e2e/lifecycle.spec.ts follows one through its start into the public feed).
    await t.http.patch(`/enterprises/${tax}`).send({ publicFeed: true }).expect(200);
    const res = await t.anonymous.get(`/public/enterprises/${tax}/lich.ics`).expect(200);
    expect(lintIcs(res.text)).toEqual([]);
    const parsed = parseEverywhere(res.text);
    expect(parsed.map((p) => p.events.length)).toEqual([0, 0, 0]);
    for (const p of parsed) expect(p.name).not.toMatch(/[\\,;]/);
    // The private enterprise feed has it.
    expect(of(await fetchAgain('enterprise'), main.id)).toBeDefined();
  });

  it('revising the approved plan: the enterprise keeps the approved version until the new one is approved', async () => {
    const approved = of(await fetchAgain('enterprise'), main.id);
    later();
    await t.http.post(`/plans/${plan.id}/revise`).send({ reason: 'Bổ sung nội dung' }).expect(200);
    const during = of(await fetchAgain('enterprise'), main.id);
    expect(during).toEqual(approved);
    later();
    // The revision drops a participant and moves one inspection to next year.
    const patch = async (id: string, changes: Record<string, unknown>) => {
      const current = (await t.http.get(`/inspections/${id}`).expect(200)).body;
      await t.http
        .patch(`/inspections/${id}`)
        .send({ revision: current.revision, ...changes })
        .expect(200);
    };
    await patch(main.id, { participantAgencyCodes: [] });

    // A participant removed: the event leaves that agency's feed as CANCELLED, not silently.
    expect(of(await fetch('snv'), main.id).map((e) => e.status)).toEqual(['CANCELLED']);
    later();
    await t.http.post(`/plans/${plan.id}/submit`).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '15/QĐ-SKHCN', date: '2026-03-01' } })
      .expect(200);
    // The new version: the participant is gone, so the event changed, with a higher SEQUENCE.
    const after = of(await fetch('enterprise'), main.id);
    expect(after.map((e) => e.status)).toEqual(['TENTATIVE']);
    expect(after[0].sequence).toBeGreaterThan(during[0].sequence);
  });

  it('renaming the enterprise changes its events, with a higher SEQUENCE', async () => {
    const before = of(await fetchAgain('province'), main.id)[0];
    later();
    await t.http
      .patch(`/enterprises/${tax}`)
      .send({ name: 'Công ty Cổ phần Cấp nước Thừa Thiên Huế' })
      .expect(200);
    const after = of(await fetch('province'), main.id)[0];
    expect(after.summary).toContain('Công ty Cổ phần Cấp nước Thừa Thiên Huế');
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });

  it('renaming an agency changes the events that show its name, with a higher SEQUENCE', async () => {
    const before = of(await fetchAgain('province'), main.id)[0];
    later();
    await t.http.patch('/agencies/SKHCN').send({ name: 'Sở Khoa học Công nghệ Huế' }).expect(200);
    const after = of(await fetch('province'), main.id)[0];
    expect(after.organizer).toBeTruthy();
    expect(after.sequence).toBeGreaterThan(before.sequence);
    await fetch('enterprise');
  });

  it('merging two overlapping inspections: the merged one turns CANCELLED, the conflict reads decided', async () => {
    later();
    const t2 = makeTaxCode(535353);
    ttt = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    const a = await addInspection(t.http, ttt.id, {
      taxCode: t2,
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2026-05-04', to: '2026-05-29' },
    });
    snv = await createPlan(t.http, { agencyCode: 'SNV', year: 2026 });
    const b = await addInspection(t.http, snv.id, {
      taxCode: t2,
      window: { from: '2026-05-18', to: '2026-06-12' },
    });
    const conflictId = b.conflicts[0].id as string;
    const open = (await fetch('conflicts')).filter((e) => e.summary.startsWith('Trùng thời gian'));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((e) => e.status === 'CONFIRMED' && !/nq198|ct20/.test(e.summary))).toBe(true);
    await fetch('province');
    later();
    await t.http
      .post(`/conflicts/${encodeURIComponent(conflictId)}/resolve`)
      .send({ resolution: 'merge', suggestion: 0 })
      .expect(200);
    const province = await fetch('province');
    const statuses = [...of(province, a.id), ...of(province, b.id)].map((e) => e.status).sort();
    expect(statuses).toEqual(['CANCELLED', 'TENTATIVE']);
    const decided = (await fetch('conflicts')).filter((e) => e.summary.startsWith('[ĐÃ XỬ LÝ]'));
    expect(decided.length).toBeGreaterThan(0);
  });

  it('"move to next year": the moved inspection leaves the 2026 feed as CANCELLED', async () => {
    later();
    const t3 = makeTaxCode(545454);
    const a = await addInspection(t.http, ttt.id, {
      taxCode: t3,
      type: 'thanh-tra',
      field: 'tax',
      window: { from: '2026-08-03', to: '2026-08-28' },
    });
    const b = await addInspection(t.http, snv.id, {
      taxCode: t3,
      window: { from: '2026-08-17', to: '2026-09-11' },
    });
    const conflict = b.conflicts.find((c: { ruleId: string }) => /window-overlap/.test(c.ruleId));
    await fetch('year');
    const detail = await t.http.get(`/conflicts/${encodeURIComponent(conflict.id)}`).expect(200);
    const index = detail.body.suggestions.findIndex(
      (s: { kind: string }) => s.kind === 'move-to-year',
    );
    expect(index).toBeGreaterThanOrEqual(0);
    later();
    await t.http
      .post(`/conflicts/${encodeURIComponent(conflict.id)}/resolve`)
      .send({ resolution: 'reschedule', suggestion: index })
      .expect(200);
    const year = await fetch('year');
    const statuses = [...of(year, a.id), ...of(year, b.id)].map((e) => e.status).sort();
    expect(statuses).toEqual(['CANCELLED', 'TENTATIVE']);
    const moved = [...of(year, a.id), ...of(year, b.id)].find((e) => e.status === 'CANCELLED')!;
    expect(moved.summary.startsWith(GONE_PREFIX)).toBe(true);
  });

  it('withdrawing the plan: its inspections turn CANCELLED in every feed', async () => {
    later();
    await t.http.post(`/plans/${plan.id}/withdraw`).send({ reason: 'Trùng kế hoạch' }).expect(200);
    expect(of(await fetch('enterprise'), main.id).map((e) => e.status)).toEqual(['CANCELLED']);
    expect(of(await fetch('province'), main.id).map((e) => e.status)).toEqual(['CANCELLED']);
    expect(of(await fetch('year'), second.id).map((e) => e.status)).toEqual(['CANCELLED']);
  });

  it('the day the window moves, a client with the old copy gets the new one (not a 304)', async () => {
    t.clock.advance(200 * 86_400_000);
    const province = await fetch('province');
    expect(of(province, main.id)).toHaveLength(0);
  });

  it('the meetings feed honours its year', async () => {
    const res = await t.anonymous.get(new URL(feeds.meetings.url).pathname).expect(200);
    expect(parseEverywhere(res.text)[0].events).toEqual([]);
  });

  /** The feed as it is now, without a conditional header (for reading "before" values). */
  async function fetchAgain(key: string): Promise<ParsedEvent[]> {
    const res = await t.anonymous.get(new URL(feeds[key].url).pathname).expect(200);
    feeds[key].lastModified = res.headers['last-modified'];
    return parseEverywhere(res.text)[0].events;
  }
});
