// Calendar feeds of a province as subscribers meet them: 40 agencies, ~2,900 inspections over
// two plan years. Prints bytes per event and feed sizes (Google drops feeds over ~1 MB), the
// render time of 1,000 / 10,000 events beside ical-generator's own stringify of the same
// events, and 100 concurrent fetches right after a change (an agency renamed): total time,
// peak RSS, and p95 of /health meanwhile. Figures only, never asserted.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ICalCalendar, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { AgencyRepository } from '../src/agencies/agency';
import { addDays, fromEpochDay, toEpochDay } from '../src/domain/calendar-day';
import type { AgencyKind } from '../src/domain/vocabulary';
import { inspectionEvents } from '../src/feeds/calendar/inspection-events';
import { renderCalendarBytes } from '../src/feeds/calendar/render';
import { mappingContext, syntheticInspections } from '../src/feeds/calendar/testing/fixtures';
import { FeedsService } from '../src/feeds/feeds.service';
import { EnterpriseRepository } from '../src/registry/enterprises/enterprise';
import { Inspection, InspectionRepository } from '../src/registry/inspections/inspection';
import { percentile, startBenchApp } from './support/bench-app';

const AGENCIES = 40;
const INSPECTIONS = 2_900;
const KINDS: AgencyKind[] = ['specialised', 'specialised', 'specialised', 'inspectorate', 'other'];
const FIELDS = [
  'tax',
  'labour',
  'fire-safety',
  'environment',
  'food-safety',
  'measurement',
  'land',
];
/** Names as a province's bodies carry them (cycled; a number only tells repeats apart). */
const NAMES = [
  'Sở Y tế',
  'Sở Công Thương',
  'Sở Khoa học và Công nghệ',
  'Thanh tra tỉnh',
  'Thuế tỉnh',
  'Sở Nông nghiệp và Môi trường',
  'Sở Xây dựng',
  'Sở Nội vụ',
  'Công an tỉnh',
  'Bảo hiểm xã hội tỉnh',
];

/** Best of `runs` after one warm-up run (JIT), in ms. */
function timeIt(fn: () => unknown, runs = 5): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

async function renderRatio(): Promise<void> {
  for (const n of [1_000, 10_000]) {
    const events = inspectionEvents(syntheticInspections(n), mappingContext());
    const feed = {
      name: 'Lịch thanh tra và kiểm tra',
      description: 'Bench',
      refreshIntervalMinutes: 60,
    };
    const ours = timeIt(() => renderCalendarBytes(feed, events));
    const theirs = timeIt(() => {
      const cal = new ICalCalendar({ name: 'Lịch thanh tra và kiểm tra' });
      for (const e of events) {
        const t = e.timing.kind === 'all-day' ? e.timing : null;
        cal.createEvent({
          id: e.uid,
          sequence: e.sequence,
          stamp: e.dtstamp,
          lastModified: e.lastModified,
          start: new Date(`${t!.startDay}T00:00:00Z`),
          end: new Date(`${addDays(t!.endDayInclusive, 1)}T00:00:00Z`),
          allDay: true,
          summary: e.summary,
          description: e.description,
          location: e.location,
          status: e.status as ICalEventStatus,
          transparency: ICalEventTransparency.TRANSPARENT,
          organizer: e.organizer,
        });
      }
      return cal.toString();
    });
    console.log(
      `render ${n} events: ours ${ours.toFixed(0)} ms, ical-generator toString ${theirs.toFixed(0)} ms, ratio ${(ours / theirs).toFixed(2)}`,
    );
  }
}

async function province(): Promise<void> {
  // The fetches after the rename must render it, not meet the feeds' freshness bound.
  process.env.FEED_FRESHNESS_SECONDS ??= '0';
  const bench = await startBenchApp('feeds-province');
  const { app } = bench;
  const now = new Date();
  const agencies = app.get(AgencyRepository);
  const codes = Array.from({ length: AGENCIES }, (_, i) => `CQ${String(i + 1).padStart(2, '0')}`);
  for (const [i, code] of codes.entries()) {
    await agencies.insert({
      code,
      name:
        i === 39
          ? 'Kiểm toán nhà nước khu vực II'
          : `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
      kind:
        i === 39
          ? 'state-audit'
          : NAMES[i % NAMES.length] === 'Thanh tra tỉnh'
            ? 'inspectorate'
            : KINDS[i % KINDS.length],
      active: true,
      ...(i % 2 === 0 && { contactEmail: `${code.toLowerCase()}@hue.gov.vn` }),
      createdAt: now,
      updatedAt: now,
    });
  }
  const today = now.toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const enterprises = Array.from({ length: 1_800 }, (_, i) => String(3_300_000_000 + i * 7));
  await app.get(EnterpriseRepository).ensureExist(
    enterprises.map((taxCode, i) => ({
      taxCode,
      parentTaxCode: taxCode,
      isBranch: false,
      name: `Công ty TNHH Thương mại Số ${i}`,
      address: `${i + 1} Lê Lợi, phường Thuận Hóa, Huế`,
    })),
    now,
  );
  const start = toEpochDay(`${year}-01-01`);
  const docs: Inspection[] = Array.from({ length: INSPECTIONS }, (_, i) => {
    const from = fromEpochDay(start + ((i * 5) % 720));
    const lead = codes[i % AGENCIES];
    return {
      id: randomUUID(),
      planId: `p-${lead}`,
      planKind: 'annual',
      planStatus: 'approved',
      planDecision: { number: `12/QĐ-${lead}`, date: `${year - 1}-12-20` },
      agencyCode: lead,
      year: Number(from.slice(0, 4)),
      taxCode: enterprises[i % enterprises.length],
      parentTaxCode: enterprises[i % enterprises.length],
      enterpriseName: `Công ty TNHH Thương mại Số ${i % enterprises.length}`,
      type: i % 4 === 0 ? 'thanh-tra' : 'kiem-tra',
      form: 'on-site',
      field: FIELDS[i % FIELDS.length],
      content: 'Kiểm tra việc chấp hành pháp luật về đo lường đối với phương tiện đo nhóm 2',
      window: { from, to: addDays(from, 10) },
      leadAgencyCode: lead,
      participantAgencyCodes: i % 6 === 0 ? [codes[(i + 1) % AGENCIES]] : [],
      state: 'planned',
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: 'bench',
      updatedBy: 'bench',
    };
  });
  await app.get(InspectionRepository).insertMany(docs);

  const feeds = app.get(FeedsService);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(base + path, { headers }).then(async (r) => ({
      status: r.status,
      bytes: Buffer.from(await r.arrayBuffer()).length,
      headers: r.headers,
    }));
  const pathOf = (url: string) => new URL(url).pathname;
  const made: Record<string, string> = {};
  for (const [label, body] of Object.entries({
    'province (default window)': { scope: 'province' },
    [`province ${year}`]: { scope: 'province', year },
    [`province ${year + 1}`]: { scope: 'province', year: year + 1 },
    'agency CQ01': { scope: 'agency', ref: 'CQ01' },
  })) {
    made[label] = pathOf((await feeds.create(body as never, 'bench')).url);
  }
  for (const [label, path] of Object.entries(made)) {
    const res = await get(path);
    const served = await feeds.serveByToken(path.split('/')[2]);
    const n = served!.rendered.eventCount;
    const text = served!.rendered.body.toString('utf8');
    const header = Buffer.byteLength(text.slice(0, text.indexOf('BEGIN:VEVENT')));
    console.log(
      `${label}: ${n} events, ${(res.bytes / 1024).toFixed(0)} KiB, ${((res.bytes - header) / Math.max(n, 1)).toFixed(0)} B/event`,
    );
  }

  // 100 subscribers right after a change.
  const target = made['province (default window)'];
  await agencies.update('CQ01', {
    name: 'Sở Khoa học và Công nghệ (đổi tên)',
    updatedAt: new Date(),
  });
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const health: number[] = [];
  let running = true;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const probe = (async () => {
    while (running) {
      const t0 = process.hrtime.bigint();
      await get('/health');
      health.push(Number(process.hrtime.bigint() - t0) / 1e6);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const t0 = process.hrtime.bigint();
  const results = await Promise.all(Array.from({ length: 100 }, () => get(target)));
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  running = false;
  await probe;
  clearInterval(rssTimer);
  health.sort((a, b) => a - b);
  console.log(
    `100 concurrent fetches after a rename: ${totalMs.toFixed(0)} ms total, all ${new Set(results.map((r) => r.status)).size === 1 ? results[0].status : 'mixed'}; ` +
      `RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(peakRss / 2 ** 20).toFixed(0)} MiB; ` +
      `/health during: ${health.length} probes, p50 ${percentile(health, 50).toFixed(1)} ms, p95 ${percentile(health, 95).toFixed(1)} ms`,
  );
  await bench.close();
}

async function main() {
  await renderRatio();
  await province();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
