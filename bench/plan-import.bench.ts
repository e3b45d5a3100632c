// Parse + validate of a 10,000-row plan table, as .xlsx and as .csv. Each format runs in a
// fresh child process so its peak RSS is its own; the numbers cover reading, header
// detection, row validation and idempotency keys — not the database writes the service
// adds (that figure is measured by the service-level bench, which can reuse the helpers
// exported here).
//
//   npx ts-node -T -P tsconfig.json bench/plan-import.bench.ts [rows]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, daysInMonth } from '../src/domain/calendar-day';
import { DEFAULT_FIELDS_OF_MANAGEMENT } from '../src/domain/fields-of-management';
import { taxCodeCheckDigit } from '../src/domain/tax-code';
import { exportPlanCsv } from '../src/registry/plan-files/export/export-csv';
import { exportPlanXlsx } from '../src/registry/plan-files/export/export-xlsx';
import type { PlanExportRow } from '../src/registry/plan-files/export/plan-export-row';
import { parsePlanFile } from '../src/registry/plan-files/import/parse-plan-file';

const DEFAULT_ROWS = 10_000;
const YEAR = 2026;
/** The goal for the whole import (this bench measures the parsing share of it). */
const GOAL = { seconds: 10, megabytes: 300 };

/** Small deterministic PRNG (mulberry32): the same file on every run. */
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

const NAMES = [
  'Hòa Bình',
  'Sông Hương',
  'Ánh Dương',
  'Minh Châu',
  'Trường An',
  'Phú Xuân',
  'Đông Á',
  'Hải Vân',
];
const KINDS = ['Công ty TNHH', 'Công ty Cổ phần', 'Doanh nghiệp tư nhân', 'Hộ kinh doanh'];
const AGENCIES = [
  'Sở Tài chính',
  'Công an tỉnh',
  'Sở Y tế',
  'Sở Xây dựng',
  'Sở Văn hóa, Thể thao và Du lịch',
];

/** The i-th valid 10-digit tax code of a deterministic sequence (skips prefixes with no check digit). */
function taxCode(i: number): string {
  for (let n = 100_000_000 + i * 7; ; n++) {
    const prefix = String(n).padStart(9, '0');
    const d = taxCodeCheckDigit(prefix);
    if (d !== null) return `${prefix}${d}`;
  }
}

/**
 * `count` realistic plan rows for `year`: distinct enterprises (~10% branches), windows
 * written as months, quarters, month spans and day ranges, several fields and agencies.
 */
export function generatePlanRows(count: number, year = YEAR, seed = 20260101): PlanExportRow[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: PlanExportRow[] = [];
  for (let i = 0; i < count; i++) {
    const month = 1 + Math.floor(r() * 12);
    const shape = r();
    const window =
      shape < 0.4
        ? {
            from: `${year}-${String(month).padStart(2, '0')}-01`,
            to: `${year}-${String(month).padStart(2, '0')}-${daysInMonth(year, month)}`,
          }
        : shape < 0.6
          ? (() => {
              const q = Math.floor((month - 1) / 3);
              const last = q * 3 + 3;
              return {
                from: `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`,
                to: `${year}-${String(last).padStart(2, '0')}-${daysInMonth(year, last)}`,
              };
            })()
          : (() => {
              const from = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 20)).padStart(2, '0')}`;
              return { from, to: addDays(from, Math.floor(r() * 10)) };
            })();
    const field = pick(DEFAULT_FIELDS_OF_MANAGEMENT);
    const code = taxCode(i);
    rows.push({
      enterpriseName: `${pick(KINDS)} ${pick(NAMES)} ${i + 1}`,
      taxCode: r() < 0.1 ? `${code}-${String(1 + Math.floor(r() * 20)).padStart(3, '0')}` : code,
      address: `Số ${1 + Math.floor(r() * 300)} đường Lê Lợi, phường Thuận Hóa, thành phố Huế`,
      content: `Kiểm tra việc chấp hành pháp luật về ${field.vi.toLowerCase()} năm ${year - 1}`,
      field: field.code,
      type: r() < 0.3 ? 'thanh-tra' : 'kiem-tra',
      form: r() < 0.2 ? 'remote' : 'on-site',
      window,
      leadAgency: pick(AGENCIES),
      participantAgencies: r() < 0.3 ? [pick(AGENCIES)] : [],
      periodUnderReview: `${year - 2} - ${year - 1}`,
      durationWorkingDays: 1 + Math.floor(r() * 10),
    });
    const last = rows[rows.length - 1];
    if (last.participantAgencies?.[0] === last.leadAgency) last.participantAgencies = [];
  }
  return rows;
}

/** A plan workbook (.xlsx, the export layout) of the given rows. */
export function generatePlanWorkbook(rows: readonly PlanExportRow[], year = YEAR): Promise<Buffer> {
  return exportPlanXlsx(rows, { year, generatedAt: new Date(Date.UTC(year, 0, 1)) });
}

/** The same rows as a CSV (UTF-8 with BOM). */
export function generatePlanCsv(rows: readonly PlanExportRow[]): Buffer {
  return exportPlanCsv(rows);
}

interface ChildResult {
  format: 'xlsx' | 'csv';
  rows: number;
  errors: number;
  fileMb: number;
  parseMs: number;
  cpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function child(format: 'xlsx' | 'csv', path: string): Promise<void> {
  const buffer = readFileSync(path);
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await parsePlanFile(buffer, {
    agencyCode: 'BENCH',
    year: YEAR,
    filename: `plan.${format}`,
  });
  const parseMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const out: ChildResult = {
    format,
    rows: result.rows.length,
    errors: result.errors.length,
    fileMb: Math.round((buffer.length / 1048576) * 10) / 10,
    parseMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssBeforeMb: mb(rssBefore),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : DEFAULT_ROWS;
  const rows = generatePlanRows(count);
  const dir = mkdtempSync(join(tmpdir(), 'plan-import-bench-'));
  try {
    let t0 = performance.now();
    const xlsx = await generatePlanWorkbook(rows);
    const xlsxWriteMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    const csv = generatePlanCsv(rows);
    const csvWriteMs = Math.round(performance.now() - t0);
    writeFileSync(join(dir, 'plan.xlsx'), xlsx);
    writeFileSync(join(dir, 'plan.csv'), csv);
    console.log(
      `${count} rows: export xlsx ${xlsxWriteMs} ms (${mb(xlsx.length) || '<1'} MB), csv ${csvWriteMs} ms`,
    );

    const results: ChildResult[] = [];
    for (const format of ['xlsx', 'csv'] as const) {
      const run = spawnSync(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          __filename,
          '--child',
          format,
          join(dir, `plan.${format}`),
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
          timeout: 300_000,
        },
      );
      if (run.status !== 0)
        throw new Error(`bench child for ${format} failed (status ${run.status})`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
      results.push(r);
      const ok = r.parseMs < GOAL.seconds * 1000 && r.peakRssMb < GOAL.megabytes;
      console.log(
        `${r.format.padEnd(4)} ${r.fileMb} MB: parse+validate ${r.parseMs} ms (cpu ${r.cpuMs} ms), ` +
          `${r.rows} rows, ${r.errors} errors | rss before ${r.rssBeforeMb} MB, peak ${r.peakRssMb} MB | ` +
          `parsing share within the whole-import goal (< ${GOAL.seconds} s, < ${GOAL.megabytes} MB): ${ok ? 'yes' : 'NO'}`,
      );
      if (r.rows !== count || r.errors !== 0)
        throw new Error(`${format}: expected ${count} rows and no errors`);
    }
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'plan-import.json'),
      `${JSON.stringify({ node: process.version, rows: count, export: { xlsxWriteMs, csvWriteMs }, results }, null, 2)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const run =
    process.argv[2] === '--child'
      ? child(process.argv[3] as 'xlsx' | 'csv', process.argv[4])
      : main();
  run.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
