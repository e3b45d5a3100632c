/**
 * @jest-environment ./src/feeds/calendar/testing/process-tz.environment.ts
 */
import ICAL from 'ical.js';
import * as nodeIcal from 'node-ical';
import { lintIcs } from '../../src/feeds/calendar';
import type { SetProcessTimeZone } from '../../src/feeds/calendar/testing/process-tz.environment';
import { createTestApp, TestApp } from '../support/app';
import { addInspection, createPlan, makeTaxCode, seedAgencies } from '../support/factories';

interface Vevent {
  uid: string;
  summary: string;
  status: string;
  sequence: number;
  start: string;
  end: string;
  startTzid?: string;
  isDate: boolean;
}

function parseWithIcalJs(body: string): { name: string; events: Vevent[]; vtimezones: string[] } {
  const root = new ICAL.Component(ICAL.parse(body));
  const events = root.getAllSubcomponents('vevent').map((v) => {
    const start = v.getFirstProperty('dtstart')!;
    const startValue = start.getFirstValue() as ICAL.Time;
    const endValue = v.getFirstPropertyValue('dtend') as ICAL.Time;
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      status: String(v.getFirstPropertyValue('status')),
      sequence: Number(v.getFirstPropertyValue('sequence')),
      start: startValue.toString(),
      end: endValue.toString(),
      startTzid: (start.getParameter('tzid') as string | undefined) ?? undefined,
      isDate: startValue.isDate,
    };
  });
  return {
    // ical.js keeps unknown X- properties raw: read as it is, it must need no unescaping.
    name: String(root.getFirstPropertyValue('x-wr-calname')),
    events,
    vtimezones: root
      .getAllSubcomponents('vtimezone')
      .map((z) => String(z.getFirstPropertyValue('tzid'))),
  };
}

describe('calendar feeds over HTTP', () => {
  let t: TestApp;
  let tax: string;
  let branch: string;
  let approvedInspection: { id: string; revision: number };
  let cancelled: { id: string; revision: number };
  let draftOnly: { id: string };
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    t = await createTestApp('feeds');
    await seedAgencies(t.http);
    tax = makeTaxCode(424242);
    branch = `${tax}-002`;
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    approvedInspection = await addInspection(t.http, plan.id, {
      taxCode: tax,
      enterpriseName: 'Công ty Cổ phần Đồng hồ Nước Việt — Chi nhánh Đà Nẵng',
      content:
        'Kiểm tra việc chấp hành pháp luật về đo lường đối với đồng hồ đo nước lạnh có cơ cấu điện tử',
      participantAgencyCodes: ['SNV'],
    });
    cancelled = await addInspection(t.http, plan.id, {
      taxCode: branch,
      enterpriseName: 'Chi nhánh Huế',
      field: 'labour',
      window: { from: '2026-09-01', to: '2026-09-30' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '12/QĐ-SKHCN', date: '2025-12-20' } })
      .expect(200);
    const current = (await t.http.get(`/inspections/${cancelled.id}`).expect(200)).body;
    cancelled = (
      await t.http.patch(`/inspections/${cancelled.id}`).send({
        revision: current.revision,
        state: 'cancelled',
        stateReason: 'Đã gộp với kế hoạch của Thanh tra tỉnh',
      })
    ).body;
    const draft = await createPlan(t.http, { agencyCode: 'TTT', year: 2026 });
    draftOnly = await addInspection(t.http, draft.id, {
      taxCode: tax,
      type: 'thanh-tra',
      field: 'tax',
      content: 'Thanh tra thuế',
      window: { from: '2026-03-20', to: '2026-04-05' },
    });
    approvedInspection = (await t.http.get(`/inspections/${approvedInspection.id}`).expect(200))
      .body;
  });
  afterAll(() => t.close());

  async function subscribe(body: Record<string, unknown>) {
    const res = await t.http.post('/feeds').send(body).expect(201);
    return res.body as {
      id: string;
      token: string;
      url: string;
      name: string;
      subscribeLinks: Record<string, string>;
    };
  }
  const pathOf = (url: string) => new URL(url).pathname;
  // The record part of each event's UID (`inspection-<id>`), sorted: which records a feed shows.
  const recordsOf = (events: Vevent[]) => events.map((e) => e.uid.split('.')[0]).sort();
  const inspectionRecords = (...ids: string[]) => ids.map((id) => `inspection-${id}`).sort();

  it('creates a subscription with a secret .ics URL and links for every client', async () => {
    const feed = await subscribe({ scope: 'agency', ref: 'skhcn' });
    expect(feed.url).toMatch(
      new RegExp(`^https://lich\\.example\\.gov\\.vn/feeds/${feed.token}/[a-z0-9-]+\\.ics$`),
    );
    expect(feed.name).toBe('Lịch thanh tra và kiểm tra — Sở Khoa học và Công nghệ');
    expect(feed.subscribeLinks.webcal).toBe(feed.url.replace(/^https:/, 'webcal:'));
    expect(feed.subscribeLinks.google).toContain('calendar.google.com');
    expect(feed.subscribeLinks.outlookCom).toContain('outlook.live.com');
    expect(feed.subscribeLinks.microsoft365).toContain('outlook.office.com');
    const list = await t.http.get('/feeds?scope=agency&ref=SKHCN').expect(200);
    expect(list.body.map((f: { id: string }) => f.id)).toContain(feed.id);
    expect(JSON.stringify(list.body)).not.toContain(feed.token);
  });

  it('rejects a feed for an unknown agency or a malformed tax code, naming ref', async () => {
    expect(
      (await t.http.post('/feeds').send({ scope: 'agency', ref: 'NOPE' }).expect(400)).body
        .details[0],
    ).toMatchObject({ field: 'ref', code: 'AGENCY_NOT_FOUND' });
    expect(
      (await t.http.post('/feeds').send({ scope: 'enterprise', ref: '0100109107' }).expect(400))
        .body.details[0],
    ).toMatchObject({ field: 'ref', code: 'TAX_CODE_CHECK_DIGIT' });
    expect(
      (await t.http.post('/feeds').send({ scope: 'agency' }).expect(400)).body.details[0].field,
    ).toBe('ref');
  });

  it('serves an agency feed that two independent parsers read back as stored', async () => {
    const feed = await subscribe({ scope: 'agency', ref: 'SKHCN' });
    const res = await t.http.get(pathOf(feed.url)).set('accept-encoding', 'identity').expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="[a-z0-9-]+\.ics"$/);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(new Date(res.headers['last-modified']).toUTCString()).toBe(res.headers['last-modified']);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const body = res.text;
    expect(lintIcs(body)).toEqual([]);
    expect(body).toContain('METHOD:PUBLISH');
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);

    const parsed = parseWithIcalJs(body);
    // SKHCN's own two inspections, and the approved one's open deadline (its plan window);
    // the TTT draft it takes no part in stays out.
    expect(recordsOf(parsed.events)).toEqual(
      [
        `deadline-${approvedInspection.id}`,
        ...inspectionRecords(approvedInspection.id, cancelled.id),
      ].sort(),
    );
    expect(parsed.name).toBe('Lịch thanh tra và kiểm tra — Sở Khoa học và Công nghệ');
    const main = parsed.events.find((e) => e.summary.includes('Đồng hồ Nước Việt'))!;
    expect(main).toMatchObject({
      isDate: true,
      start: '2026-03-01',
      end: '2026-04-01',
      status: 'TENTATIVE',
      sequence: approvedInspection.revision,
    });
    expect(main.summary).toContain('Kiểm tra liên ngành');
    const gone = parsed.events.find((e) => e.summary.includes('Chi nhánh Huế'))!;
    expect(gone.status).toBe('CANCELLED');
    expect(gone.sequence).toBe(cancelled.revision);
    expect(new Set(parsed.events.map((e) => e.uid)).size).toBe(parsed.events.length);

    const viaNodeIcal = Object.values(nodeIcal.sync.parseICS(body)).filter(
      (c) => c.type === 'VEVENT',
    ) as nodeIcal.VEvent[];
    const sameMain = viaNodeIcal.find((e) => String(e.summary).includes('Đồng hồ Nước Việt'))!;
    expect(String(sameMain.summary)).toBe(main.summary);
    expect((sameMain.start as unknown as { dateOnly?: boolean }).dateOnly).toBe(true);
    expect(String(sameMain.description)).toContain('Sở Nội vụ');
    expect(viaNodeIcal.map((e) => e.uid).sort()).toEqual(parsed.events.map((e) => e.uid).sort());
  });

  it('gzips for a client that asks, with its own ETag, the same calendar inside', async () => {
    const feed = await subscribe({ scope: 'agency', ref: 'SKHCN' });
    const raw = (headers: Record<string, string>) =>
      t.http
        .get(pathOf(feed.url))
        .set(headers)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const plain = await raw({ 'accept-encoding': 'identity' }).expect(200);
    const zipped = await raw({ 'accept-encoding': 'gzip, deflate' }).expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(Number(zipped.headers['content-length'])).toBeLessThan(
      Number(plain.headers['content-length']),
    );
    // superagent has already gunzipped it; what it read equals the identity bytes.
    expect(zipped.body.equals(plain.body)).toBe(true);
    // Each representation answers 304 to its own tag only; gzip;q=0 means identity.
    await raw({ 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag }).expect(304);
    await raw({ 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag }).expect(200);
    const refused = await raw({ 'accept-encoding': 'gzip;q=0, *' }).expect(200);
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, and changes when the record does', async () => {
    const feed = await subscribe({ scope: 'agency', ref: 'SKHCN' });
    const first = await t.http.get(pathOf(feed.url)).expect(200);
    const again = await t.http.get(pathOf(feed.url)).expect(200);
    expect(again.text).toBe(first.text); // byte-stable: DTSTAMP comes from the records
    const notModified = await t.http
      .get(pathOf(feed.url))
      .set('if-none-match', first.headers.etag)
      .expect(304);
    expect(notModified.text ?? '').toBe('');
    await t.http.get(pathOf(feed.url)).set('if-none-match', '"other"').expect(200);
    await t.http
      .get(pathOf(feed.url))
      .set('if-modified-since', first.headers['last-modified'])
      .expect(304);

    const record = (await t.http.get(`/inspections/${approvedInspection.id}`).expect(200)).body;
    await t.http
      .patch(`/inspections/${approvedInspection.id}`)
      .send({ revision: record.revision, state: 'scheduled' })
      .expect(200);
    const changed = await t.http
      .get(pathOf(feed.url))
      .set('if-none-match', first.headers.etag)
      .expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    const main = parseWithIcalJs(changed.text).events.find((e) =>
      e.summary.includes('Đồng hồ Nước Việt'),
    )!;
    expect(main).toMatchObject({ status: 'CONFIRMED', sequence: record.revision + 1 });
  });

  it('renders the same bytes whatever the server time zone', async () => {
    // The worker's real zone (jest's process.env is a per-file copy; see the environment).
    const setZone = (globalThis as unknown as { setProcessTimeZone: SetProcessTimeZone })
      .setProcessTimeZone;
    const offsetOf = () => new Date('2026-07-01T12:00:00Z').getTimezoneOffset();
    setZone('UTC');
    expect(offsetOf()).toBe(0);
    const utc = await t.http.get(pathOf((await subscribe({ scope: 'province' })).url)).expect(200);
    setZone('America/New_York');
    expect(offsetOf()).toBe(240); // the switch is real: EDT
    const newYork = await t.http
      .get(pathOf((await subscribe({ scope: 'province' })).url))
      .expect(200);
    setZone(originalTz);
    expect(newYork.text).toBe(utc.text);
    expect(recordsOf(parseWithIcalJs(utc.text).events)).toEqual(
      inspectionRecords(approvedInspection.id, cancelled.id, draftOnly.id),
    );
  });

  it('shows an enterprise only what approved plans commit to, and its branch under the parent', async () => {
    const feed = await subscribe({ scope: 'enterprise', ref: tax });
    const events = parseWithIcalJs((await t.http.get(pathOf(feed.url)).expect(200)).text).events;
    // The draft TTT thanh tra of the same enterprise is not shown.
    expect(recordsOf(events)).toEqual(inspectionRecords(approvedInspection.id, cancelled.id));
  });

  it("publishes an enterprise's feed without a token only once it is made public", async () => {
    await t.http.get(`/public/enterprises/${tax}/lich.ics`).expect(404);
    await t.http.patch(`/enterprises/${tax}`).send({ publicFeed: true }).expect(200);
    const res = await t.http.get(`/public/enterprises/${tax}/lich.ics`).expect(200);
    expect(parseWithIcalJs(res.text).name).toContain(`MST ${tax}`);
  });

  it("serves an agency's conflicts as events on the days they concern", async () => {
    const feed = await subscribe({ scope: 'conflicts', ref: 'TTT' });
    const body = (await t.http.get(pathOf(feed.url)).expect(200)).text;
    expect(lintIcs(body)).toEqual([]);
    const events = parseWithIcalJs(body).events;
    // The overlap of 2026-03-01..31 and 2026-03-20..04-05 is 20–31 March.
    expect(events.map((e) => [e.isDate, e.start, e.end])).toEqual([
      [true, '2026-03-20', '2026-04-01'],
    ]);
  });

  it("shows a withdrawn plan's inspections as cancelled to its agency's subscribers", async () => {
    const plan = await createPlan(t.http, { agencyCode: 'THUE', year: 2026 });
    const inspection = await addInspection(t.http, plan.id, {
      taxCode: makeTaxCode(434343),
      enterpriseName: 'Công ty TNHH Gạch men Thừa Thiên',
      field: 'tax',
      window: { from: '2026-05-04', to: '2026-05-29' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '7/QĐ-THUE', date: '2026-01-05' } })
      .expect(200);
    await t.http
      .post(`/plans/${plan.id}/withdraw`)
      .send({ reason: 'Trùng với kế hoạch của Thanh tra tỉnh' })
      .expect(200);
    const feed = await subscribe({ scope: 'agency', ref: 'THUE' });
    const events = parseWithIcalJs((await t.http.get(pathOf(feed.url)).expect(200)).text).events;
    expect(recordsOf(events)).toEqual(inspectionRecords(inspection.id));
    expect(events[0].status).toBe('CANCELLED');
  });

  it('revoking makes the URL a 404 indistinguishable from an unknown token', async () => {
    const feed = await subscribe({ scope: 'agency', ref: 'SKHCN' });
    await t.http.get(pathOf(feed.url)).expect(200);
    await t.http.delete(`/feeds/${feed.id}`).expect(200);
    const revoked = await t.http.get(pathOf(feed.url)).expect(404);
    const unknown = await t.http
      .get('/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/lich.ics')
      .expect(404);
    expect(revoked.body).toEqual(unknown.body);
    expect(revoked.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    await t.http.delete(`/feeds/${feed.id}`).expect(404);
  });
});
