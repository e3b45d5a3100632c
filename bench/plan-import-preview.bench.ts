// Preview, then commit, of a 10,000-row .xlsx plan through HTTP on the backend the service
// would choose: POST /plans/import/preview (parse, agency resolution, checks, the stored
// preview, the conflicts it would open), then POST /plans/import/preview/:id/commit (writes).
// Wall time and peak RSS of each (the embedded in-process server, when it runs, lives in
// this process and is counted). Goals: preview < 5 s, commit < 10 s, < 300 MB.
//
//   npm run bench -- plan-import-preview   (or: … bench/plan-import-preview.bench.ts [rows] [--one-shot])
// --one-shot: the one-step POST /plans/import instead, on a fresh database, for comparison.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { adminBearer, measure, startBenchApp } from './support/bench-app';

const DEFAULT_ROWS = 10_000;
const YEAR = 2026;
const GOAL = { previewSeconds: 5, commitSeconds: 10, megabytes: 300 };
const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };
const AGENCIES = [
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'specialised' },
  { code: 'STC', name: 'Sở Tài chính', kind: 'specialised' },
  { code: 'CAT', name: 'Công an tỉnh', kind: 'other' },
  { code: 'SYT', name: 'Sở Y tế', kind: 'specialised' },
  { code: 'SXD', name: 'Sở Xây dựng', kind: 'specialised' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'specialised' },
];

/** Writes the workbook in a child process, so that exceljs's memory is not counted here. */
function generateFile(rows: number, path: string): void {
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--generate', String(rows), path],
    {
      stdio: 'inherit',
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
      timeout: 300_000,
    },
  );
  if (run.status !== 0) throw new Error(`generating the workbook failed (status ${run.status})`);
}

async function generate(rows: number, path: string): Promise<void> {
  const { generatePlanRows, generatePlanWorkbook } = await import('./plan-import.bench');
  const { workingDaysIn } = await import('../src/domain/calendar-day');
  const planRows = generatePlanRows(rows, YEAR).map((r) => {
    const fits = Math.min(r.durationWorkingDays ?? 0, workingDaysIn(r.window));
    return { ...r, durationWorkingDays: fits > 0 ? fits : undefined };
  });
  writeFileSync(path, await generatePlanWorkbook(planRows, YEAR));
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : DEFAULT_ROWS;
  const dir = mkdtempSync(join(tmpdir(), 'plan-import-preview-bench-'));
  const filePath = join(dir, 'plan.xlsx');
  generateFile(count, filePath);
  const file = readFileSync(filePath);

  Object.assign(process.env, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  const bench = await startBenchApp('plan-import-preview');
  try {
    const http = request(bench.app.getHttpServer());
    const { authorization } = await adminBearer(http, ADMIN);
    const auth = { authorization };
    for (const a of AGENCIES) await http.post('/agencies').set(auth).send(a).expect(201);
    global.gc?.();
    const rssIdle = Math.round(process.memoryUsage().rss / 1048576);
    if (process.argv.includes('--one-shot')) {
      // The one-step POST /plans/import of the same file on a fresh database, to compare.
      const oneShot = await measure(async () => {
        const res = await http
          .post('/plans/import')
          .set(auth)
          .field('agencyCode', 'SKHCN')
          .field('year', String(YEAR))
          .attach('file', file, 'ke-hoach-2026.xlsx');
        if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text.slice(0, 2000)}`);
        return res.body as { created: number };
      });
      console.log(
        `backend: ${bench.backend} | idle rss ${rssIdle} MB\n` +
          `one-shot import: ${Math.round(oneShot.ms)} ms wall, peak rss ${oneShot.peakRssMb} MB, ${oneShot.result.created} created`,
      );
      return;
    }

    // CPU time too: on a shared machine wall time follows the load, CPU time much less.
    const cpu0 = process.cpuUsage();
    const preview = await measure(async () => {
      const res = await http
        .post('/plans/import/preview')
        .set(auth)
        .field('agencyCode', 'SKHCN')
        .field('year', String(YEAR))
        .attach('file', file, 'ke-hoach-2026.xlsx');
      if (res.status !== 201) throw new Error(`preview: ${res.status} ${res.text.slice(0, 2000)}`);
      return res.body as {
        previewId: string;
        summary: Record<string, number>;
        conflicts: unknown[];
      };
    });
    const previewCpu = process.cpuUsage(cpu0);
    global.gc?.();
    const cpu1 = process.cpuUsage();
    const commit = await measure(async () => {
      const res = await http
        .post(`/plans/import/preview/${preview.result.previewId}/commit`)
        .set(auth);
      if (res.status !== 201) throw new Error(`commit: ${res.status} ${res.text.slice(0, 2000)}`);
      return res.body as { created: number; rows: number };
    });
    const commitCpu = process.cpuUsage(cpu1);
    const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
    const peak = Math.max(preview.peakRssMb, commit.peakRssMb);
    const met =
      preview.ms < GOAL.previewSeconds * 1000 &&
      commit.ms < GOAL.commitSeconds * 1000 &&
      peak < GOAL.megabytes;
    console.log(
      `backend: ${bench.backend}\n` +
        `file: ${count} rows, ${(file.length / 1048576).toFixed(1)} MB .xlsx | idle rss ${rssIdle} MB\n` +
        `preview: ${Math.round(preview.ms)} ms wall (cpu ${cpuMs(previewCpu)} ms), peak rss ${preview.peakRssMb} MB, summary ${JSON.stringify(preview.result.summary)}, ${preview.result.conflicts.length} conflicts\n` +
        `commit:  ${Math.round(commit.ms)} ms wall (cpu ${cpuMs(commitCpu)} ms), peak rss ${commit.peakRssMb} MB, ${commit.result.created} created / ${commit.result.rows} rows\n` +
        `goal (preview < ${GOAL.previewSeconds} s, commit < ${GOAL.commitSeconds} s, < ${GOAL.megabytes} MB): ${met ? 'met' : 'MISSED'}`,
    );
    if (commit.result.created !== count) throw new Error(`expected ${count} created`);
  } finally {
    await bench.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const run =
    process.argv[2] === '--generate' ? generate(Number(process.argv[3]), process.argv[4]) : main();
  run.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
