// Calendar feed rendering: time and size for feeds of 1,000, 10,000 and 50,000 events.
// Goal: 10,000 events under 300 ms. Run:
//   npx ts-node -T -P tsconfig.json bench/calendar-feed.bench.ts [--json]
// Data: 90 % inspections (all-day), 10 % meetings (timed), Vietnamese text as in production.
// "render" is what serving a cache miss costs: text + UTF-8 bytes + sha256 ETag. CPU time is
// printed next to wall time because a shared machine inflates wall time, not CPU time.
import { performance } from 'node:perf_hooks';
import { inspectionEvents } from '../src/feeds/calendar/inspection-events';
import { lintIcs } from '../src/feeds/calendar/lint';
import { meetingEvents } from '../src/feeds/calendar/meeting-events';
import type { CalendarEvent, CalendarFeed } from '../src/feeds/calendar/model';
import { renderCalendarDocument } from '../src/feeds/calendar/render';
import {
  mappingContext,
  syntheticInspections,
  syntheticMeetings,
} from '../src/feeds/calendar/testing/fixtures';

const SIZES = [1_000, 10_000, 50_000];
const GOAL_MS_10K = 300;
const FEED: CalendarFeed = {
  name: 'Lịch thanh tra, kiểm tra doanh nghiệp — toàn tỉnh',
  description: 'Bench feed',
  refreshIntervalMinutes: 60,
};

interface Row {
  events: number;
  mapMs: number;
  renderMs: number;
  renderMsMin: number;
  renderCpuMs: number;
  bytes: number;
  bytesPerEvent: number;
  lintMs: number;
}

function events(n: number): CalendarEvent[] {
  const ctx = mappingContext();
  const meetings = Math.floor(n / 10);
  return [
    ...inspectionEvents(syntheticInspections(n - meetings), ctx),
    ...meetingEvents(syntheticMeetings(meetings), ctx),
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(n: number): Row {
  const t0 = performance.now();
  const evs = events(n);
  const mapMs = performance.now() - t0;
  if (evs.length !== n) throw new Error(`expected ${n} events, got ${evs.length}`);
  const first = renderCalendarDocument(FEED, evs); // also warms up the JIT
  const l0 = performance.now();
  const problems = lintIcs(first.body);
  const lintMs = performance.now() - l0;
  if (problems.length) throw new Error(`lint: ${JSON.stringify(problems.slice(0, 3))}`);
  const runs = n >= 50_000 ? 3 : 7;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    renderCalendarDocument(FEED, evs);
    wall.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    events: n,
    mapMs,
    renderMs: median(wall),
    renderMsMin: Math.min(...wall),
    renderCpuMs: median(cpu),
    bytes: first.body.byteLength,
    bytesPerEvent: Math.round(first.body.byteLength / n),
    lintMs,
  };
}

function main(): void {
  const rows = SIZES.map(measure);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const cols: [string, (r: Row) => string][] = [
    ['events', (r) => String(r.events)],
    ['map ms', (r) => r.mapMs.toFixed(0)],
    ['render ms (median)', (r) => r.renderMs.toFixed(0)],
    ['min', (r) => r.renderMsMin.toFixed(0)],
    ['cpu ms', (r) => r.renderCpuMs.toFixed(0)],
    ['size', (r) => `${(r.bytes / 1_048_576).toFixed(2)} MiB`],
    ['bytes/event', (r) => String(r.bytesPerEvent)],
    ['lint ms', (r) => r.lintMs.toFixed(0)],
  ];
  console.log(cols.map(([h]) => h.padStart(12)).join(''));
  for (const r of rows) console.log(cols.map(([, f]) => f(r).padStart(12)).join(''));
  const tenK = rows.find((r) => r.events === 10_000)!;
  const verdict = tenK.renderMs <= GOAL_MS_10K ? 'within' : 'OVER';
  console.log(
    `10,000 events: ${tenK.renderMs.toFixed(0)} ms wall, ${tenK.renderCpuMs.toFixed(0)} ms CPU — ${verdict} the ${GOAL_MS_10K} ms goal`,
  );
}

main();
