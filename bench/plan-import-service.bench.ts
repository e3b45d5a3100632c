// The whole import of a 10,000-row .xlsx plan through HTTP, on the database the service
// would choose (MONGODB_URI if set, else the embedded default on a temporary DATA_DIR):
// upload, parse, agency resolution, checks, enterprise upserts, inspection inserts, audit.
// Reports wall time and the process's peak RSS (sampled every 50 ms; the embedded
// in-process server, when it runs, lives in this same process and is counted), then
// re-imports the same file (idempotent: nothing created).
//
//   npx ts-node -T -P tsconfig.json bench/plan-import-service.bench.ts [rows] [--no-conflicts]
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

const DEFAULT_ROWS = 10_000;
const YEAR = 2026;
const GOAL = { seconds: 10, megabytes: 300 };
const AGENCY = { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'specialised' };
/** The agencies bench/plan-import.bench.ts writes as lead/participants (by name). */
const FILE_AGENCIES = [
  { code: 'STC', name: 'Sở Tài chính', kind: 'specialised' },
  { code: 'CAT', name: 'Công an tỉnh', kind: 'other' },
  { code: 'SYT', name: 'Sở Y tế', kind: 'specialised' },
  { code: 'SXD', name: 'Sở Xây dựng', kind: 'specialised' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'specialised' },
];

const mb = (bytes: number) => Math.round(bytes / 1048576);
const ADMIN = { username: 'bench-admin', password: 'import-bench-secret-2026' };
/** The bench's bearer token (read and write), made once the service is up. */
let auth: Record<string, string> = {};

/** Signs the first-run administrator in and makes a read-write token for the requests. */
async function signIn(base: string): Promise<void> {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`POST /auth/login: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = String(login.headers.get('set-cookie')).split(';')[0];
  const res = await fetch(`${base}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }),
  });
  if (res.status !== 201) throw new Error(`POST /auth/tokens: ${res.status}`);
  auth = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

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
  // The generator draws durations at random; the service refuses one longer than its
  // window (DURATION_EXCEEDS_WINDOW), so keep them within it.
  const planRows = generatePlanRows(rows, YEAR).map((r) => {
    const fits = Math.min(r.durationWorkingDays ?? 0, workingDaysIn(r.window));
    return { ...r, durationWorkingDays: fits > 0 ? fits : undefined };
  });
  writeFileSync(path, await generatePlanWorkbook(planRows, YEAR));
}

class RssSampler {
  peak = process.memoryUsage().rss;
  private timer?: NodeJS.Timeout;
  start(): this {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, 50);
    return this;
  }
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

async function post(base: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

async function upload(base: string, file: Buffer) {
  const form = new FormData();
  form.set('agencyCode', AGENCY.code);
  form.set('year', String(YEAR));
  form.set(
    'file',
    new Blob([file], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
    'ke-hoach-2026.xlsx',
  );
  const sampler = new RssSampler().start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(`${base}/plans/import`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  const text = await res.text();
  const ms = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const peak = sampler.stop();
  if (res.status !== 201)
    throw new Error(`POST /plans/import: ${res.status} ${text.slice(0, 2000)}`);
  const body = JSON.parse(text) as { rows: number; created: number; alreadyPresent: number };
  return {
    ms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb: mb(peak),
    rows: body.rows,
    created: body.created,
    alreadyPresent: body.alreadyPresent,
  };
}

/**
 * Where an import spends its time: the service's collaborators are wrapped (same behaviour)
 * and their wall time summed per phase. Phases nest: readPlanFile includes the parse.
 */
async function timePhases(app: NestExpressApplication) {
  const { PlanImportService } = await import('../src/registry/plan-files/plan-import.service');
  const { EnterpriseRepository } = await import('../src/registry/enterprises/enterprise');
  const { InspectionRepository } = await import('../src/registry/inspections/inspection');
  const { ParentsChangedBus } = await import('../src/registry/parents-changed');
  const { AuditTrail } = await import('../src/audit/audit');
  let totals: Record<string, number> = {};
  const wrap = (label: string, target: object, method: string) => {
    const obj = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = obj[method].bind(target);
    obj[method] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        totals[label] = Math.round((totals[label] ?? 0) + performance.now() - t0);
      }
    };
  };
  wrap('readPlanFile (parse + checks)', app.get(PlanImportService), 'readPlanFile');
  wrap('enterprises.ensureExist', app.get(EnterpriseRepository), 'ensureExist');
  wrap('inspections.insertNewImports', app.get(InspectionRepository), 'insertNewImports');
  wrap('audit.recordMany', app.get(AuditTrail), 'recordMany');
  wrap('conflict listeners (parentsChanged.publish)', app.get(ParentsChangedBus), 'publish');
  return {
    reset() {
      const out = totals;
      totals = {};
      return out;
    },
  };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : DEFAULT_ROWS; // [rows] [--no-conflicts]
  const dir = mkdtempSync(join(tmpdir(), 'plan-import-service-bench-'));
  const filePath = join(dir, 'plan.xlsx');
  generateFile(count, filePath);
  const file = readFileSync(filePath);

  // As the service starts: no MONGODB_URI → embedded default, persisted in DATA_DIR.
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
    DATA_DIR: join(dir, 'data'),
    MONGODB_DB_NAME: `bench_import_${process.pid}`,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
  });
  const { AppModule } = await import('../src/app.module');
  const { configureApp } = await import('../src/configure-app');
  const { MONGO_BACKEND } = await import('../src/database/database.module');
  const rssBeforeStart = process.memoryUsage().rss;
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    logger: ['error', 'warn'],
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const backend = app.get<{ kind: string }>(MONGO_BACKEND).kind;
  const backendName = {
    external: 'external MongoDB (MONGODB_URI)',
    mongod: 'embedded mongod (mongodb-memory-server)',
    wire: 'embedded in-process MongoDB-compatible server',
  }[backend as 'external' | 'mongod' | 'wire'];
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const phases = await timePhases(app);
  // --no-conflicts: the registry's share alone (write-time conflict detection switched off).
  const withoutConflicts = process.argv.includes('--no-conflicts');
  if (withoutConflicts) {
    const { ParentsChangedBus } = await import('../src/registry/parents-changed');
    (app.get(ParentsChangedBus) as unknown as { listeners: unknown[] }).listeners.length = 0;
  }
  try {
    await signIn(base);
    for (const a of [AGENCY, ...FILE_AGENCIES]) await post(base, '/agencies', a);
    global.gc?.();
    const rssIdle = process.memoryUsage().rss;
    phases.reset();
    const first = await upload(base, file);
    const firstPhases = phases.reset();
    const second = await upload(base, file);
    const secondPhases = phases.reset();
    const ok = first.ms < GOAL.seconds * 1000 && first.peakRssMb < GOAL.megabytes;
    console.log(
      `backend: ${backendName}${withoutConflicts ? ' (conflict detection OFF)' : ''}\n` +
        `file: ${count} rows, ${(file.length / 1048576).toFixed(1)} MB .xlsx | rss before start ${mb(rssBeforeStart)} MB, idle after start ${mb(rssIdle)} MB\n` +
        `import:    ${first.ms} ms wall (cpu ${first.cpuMs} ms), peak rss ${first.peakRssMb} MB, ` +
        `${first.created} created / ${first.rows} rows\n` +
        `re-import: ${second.ms} ms wall (cpu ${second.cpuMs} ms), peak rss ${second.peakRssMb} MB, ` +
        `${second.created} created, ${second.alreadyPresent} already present\n` +
        `goal (< ${GOAL.seconds} s, < ${GOAL.megabytes} MB): ${ok ? 'met' : 'MISSED'}\n` +
        `import phases (ms):    ${JSON.stringify(firstPhases)}\n` +
        `re-import phases (ms): ${JSON.stringify(secondPhases)}`,
    );
    if (first.created !== count || second.alreadyPresent !== count)
      throw new Error(`expected ${count} created, then ${count} already present`);
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, `plan-import-service${withoutConflicts ? '.no-conflicts' : ''}.json`),
      `${JSON.stringify(
        {
          node: process.version,
          backend,
          conflictDetection: !withoutConflicts,
          rows: count,
          fileMb: Math.round((file.length / 1048576) * 10) / 10,
          rssIdleMb: mb(rssIdle),
          import: { ...first, phases: firstPhases },
          reimport: { ...second, phases: secondPhases },
          goal: GOAL,
          met: ok,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await app.close();
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
