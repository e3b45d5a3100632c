// Batch conflict detection for 10^4, 10^5 and 10^6 inspections, beside the time of simply
// sorting the same records by (tax code, window start). Each size runs in a fresh child
// process so peak memory (maxRSS) belongs to that size alone.
//
//   node --max-old-space-size=4096 -r ts-node/register/transpile-only bench/conflict-engine.bench.ts
//   npx ts-node -T -P tsconfig.json bench/conflict-engine.bench.ts [sizes...]
//
// Data shape of a national deployment: ~1 million enterprises, a few hundred thousand
// inspections a year over three plan years (2024 under CT20, 2025–2026 under NQ198), so
// most enterprises have 0–2 inspections; ~10% are branches, ~10% joint, ~5% ad-hoc.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, daysInMonth } from '../src/domain/calendar-day';
import {
  createConflictEngine,
  type EngineInspection,
  type AgencyRef,
} from '../src/conflicts/engine';

const ENTERPRISES = 1_000_000;
const GOAL = { seconds: 3, megabytes: 1024, ratioToSort: 3 };

interface ChildResult {
  size: number;
  conflicts: number;
  detectMs: number;
  sortMs: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  detectCpuMs: number;
  sortCpuMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  peakRssMb: number;
  renderAllMs: number;
  heapAfterRenderMb: number;
  explanationChars: number;
  byFamily: Record<string, number>;
}

/** Small deterministic PRNG (mulberry32): same data on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(size: number, seed = 20260301): EngineInspection[] {
  const rand = rng(seed + size);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  // Shared pools, as a driver would intern repeated values: agencies, fields, days.
  const agencies: AgencyRef[] = [];
  for (let k = 0; k < 2000; k++) {
    const r = k % 100;
    const kind = r < 5 ? 'inspectorate' : r < 65 ? 'specialised' : r < 66 ? 'state-audit' : 'other';
    agencies.push({ code: `CQ${String(k).padStart(4, '0')}`, kind });
  }
  const inspectorates = agencies.filter((a) => a.kind === 'inspectorate');
  const fields = [
    'thue',
    'y-te',
    'moi-truong',
    'lao-dong',
    'pccc',
    'xay-dung',
    'an-toan-thuc-pham',
    'dat-dai',
  ];
  const days: string[] = [];
  for (let y = 2024; y <= 2026; y++) {
    for (let m = 1; m <= 12; m++) {
      for (let d = 1; d <= daysInMonth(y, m); d++) {
        days.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
      }
    }
  }
  const dayIndex = new Map(days.map((d, k) => [d, k]));
  const noParticipants: string[] = [];
  const out: EngineInspection[] = new Array(size);
  for (let k = 0; k < size; k++) {
    const enterprise = Math.floor(rand() * ENTERPRISES);
    const parent = String(100_000_000 + enterprise).padStart(10, '0');
    const taxCode = rand() < 0.1 ? `${parent}-00${1 + Math.floor(rand() * 9)}` : parent;
    const shape = rand();
    let from: string;
    let to: string;
    if (shape < 0.3) {
      // a month, as annual plans often give
      const y = 2024 + Math.floor(rand() * 3);
      const m = 1 + Math.floor(rand() * 12);
      from = `${y}-${String(m).padStart(2, '0')}-01`;
      to = `${y}-${String(m).padStart(2, '0')}-${daysInMonth(y, m)}`;
    } else if (shape < 0.4) {
      const y = 2024 + Math.floor(rand() * 3);
      const q = Math.floor(rand() * 4);
      from = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      to = `${y}-${String(q * 3 + 3).padStart(2, '0')}-${daysInMonth(y, q * 3 + 3)}`;
    } else {
      from = days[Math.floor(rand() * (days.length - 20))];
      const end = dayIndex.get(from)! + Math.floor(rand() * 10);
      to = end < days.length ? days[end] : addDays(from, 9);
    }
    const thanhTra = rand() < 0.15;
    const lead = thanhTra && rand() < 0.9 ? pick(inspectorates) : pick(agencies);
    const adHoc = rand() < 0.05;
    const joint = rand() < 0.1;
    const stateRoll = rand();
    out[k] = {
      id: `i${k}`,
      taxCode,
      type: thanhTra ? 'thanh-tra' : 'kiem-tra',
      form: rand() < 0.85 ? 'on-site' : 'remote',
      field: pick(fields),
      window: { from, to },
      leadAgency: lead,
      participantAgencyCodes: joint ? [pick(agencies).code, pick(agencies).code] : noParticipants,
      planKind: adHoc ? 'ad-hoc' : 'annual',
      adHocEvidence: adHoc && rand() < 0.5 ? 'QĐ-ĐX' : undefined,
      state: stateRoll < 0.03 ? 'cancelled' : stateRoll < 0.04 ? 'merged' : 'planned',
    };
  }
  return out;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function child(size: number): void {
  const inspections = generate(size);
  const engine = createConflictEngine();
  // ~5% of enterprises flagged good compliers, derived from the code: no 1M-entry map needed.
  const context = {
    enterprises: (parent: string) =>
      parent.charCodeAt(9) === 55 && parent.charCodeAt(8) < 50 ? { goodComplier: true } : undefined,
  };
  // Warm up the JIT as a running service would be: a few passes over another sample.
  const sample = generate(20_000, 7);
  for (let k = 0; k < 3; k++) engine.detect(sample, context);
  gc();
  const before = process.memoryUsage();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const conflicts = engine.detect(inspections, context);
  const detectMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const dc = process.cpuUsage(c0);
  const after = process.memoryUsage();
  // Explanations render on first read; a re-scan reads them only for conflicts it opens.
  // Reading every one of them is timed apart so both figures are visible.
  const r0 = process.hrtime.bigint();
  let chars = 0;
  for (const c of conflicts) chars += c.explanation.vi.length + c.explanation.en.length;
  const renderAllMs = Number(process.hrtime.bigint() - r0) / 1e6;
  const afterRender = process.memoryUsage();
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const count = conflicts.length;
  const byFamily: Record<string, number> = {};
  for (const c of conflicts) byFamily[c.family] = (byFamily[c.family] ?? 0) + 1;
  conflicts.length = 0;
  gc();

  const copy = inspections.slice();
  const c1 = process.cpuUsage();
  const t1 = process.hrtime.bigint();
  copy.sort((a, b) =>
    a.taxCode < b.taxCode
      ? -1
      : a.taxCode > b.taxCode
        ? 1
        : a.window.from < b.window.from
          ? -1
          : a.window.from > b.window.from
            ? 1
            : 0,
  );
  const sortMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const sc = process.cpuUsage(c1);

  const result: ChildResult = {
    size,
    conflicts: count,
    detectMs: Math.round(detectMs),
    sortMs: Math.round(sortMs),
    detectCpuMs: Math.round((dc.user + dc.system) / 1000),
    sortCpuMs: Math.round((sc.user + sc.system) / 1000),
    rssBeforeMb: mb(before.rss),
    rssAfterMb: mb(after.rss),
    heapBeforeMb: mb(before.heapUsed),
    heapAfterMb: mb(after.heapUsed),
    peakRssMb,
    renderAllMs: Math.round(renderAllMs),
    heapAfterRenderMb: mb(afterRender.heapUsed),
    explanationChars: chars,
    byFamily,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const results: ChildResult[] = [];
  for (const size of sizes.length ? sizes : [1e4, 1e5, 1e6]) {
    const run = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=4096',
        // A larger young generation: detection allocates many short-lived strings; the same
        // flag is advisable for a re-scan worker.
        '--max-semi-space-size=64',
        '--expose-gc',
        '-r',
        'ts-node/register/transpile-only',
        __filename,
        '--child',
        String(size),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 110_000 },
    );
    if (run.status !== 0) throw new Error(`bench child for ${size} failed (status ${run.status})`);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
    results.push(r);
    const ratio = r.detectMs / Math.max(1, r.sortMs);
    console.log(
      `${String(r.size).padStart(8)} inspections: detect ${String(r.detectMs).padStart(5)} ms ` +
        `(cpu ${r.detectCpuMs} ms, ${r.conflicts} conflicts) | sort ${String(r.sortMs).padStart(5)} ms ` +
        `(cpu ${r.sortCpuMs} ms) | ratio ${ratio.toFixed(2)}x | ` +
        `heap ${r.heapBeforeMb}→${r.heapAfterMb} MB | rss ${r.rssBeforeMb}→${r.rssAfterMb} MB | ` +
        `+ rendering all explanations ${r.renderAllMs} ms (heap ${r.heapAfterRenderMb} MB) | peak rss ${r.peakRssMb} MB`,
    );
  }
  const big = results.find((r) => r.size === 1e6);
  if (big) {
    const ok =
      big.detectMs < GOAL.seconds * 1000 &&
      big.peakRssMb < GOAL.megabytes &&
      big.detectMs <= GOAL.ratioToSort * Math.max(1, big.sortMs);
    console.log(
      `goal for 10^6 (< ${GOAL.seconds} s, < ${GOAL.megabytes} MB peak, ≤ ${GOAL.ratioToSort}x sort): ${ok ? 'met' : 'NOT met'}`,
    );
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'conflict-engine.json'),
    `${JSON.stringify({ node: process.version, results }, null, 2)}\n`,
  );
}

const at = process.argv.indexOf('--child');
if (at >= 0) child(Number(process.argv[at + 1]));
else main();
