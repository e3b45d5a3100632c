// Memory and time of plan imports through HTTP, on the backend the service would choose (the
// embedded in-process server, when it runs, lives in this process and is counted): preview
// then commit (POST /plans/import/preview, POST /plans/import/preview/:id/commit), and the
// one-step POST /plans/import on a fresh database. Each flow runs in a process of its own,
// on two files:
//   - 10,000 rows of the generated plan (realistic rows, 3,031 conflicts);
//   - the largest file the bounds accept: 20,000 rows (the row limit) whose cells hold close
//     to the text limit (DEFAULT_MAX_TEXT_CHARS), every row's content different, and a shared
//     strings part grown to the part limit (64 MB) with strings no cell names (held anyway).
// Reported per step: wall and CPU time, peak RSS (sampled every 10 ms) and its extra over the
// idle app (agencies seeded, after a GC). Goals: preview < 5 s, commit < 10 s, < 300 MB extra.
// Twice: with the in-process database (the default backend: what it stores — inspections,
// audit, conflicts, the preview's rows — is in the measured process and counted), and with
// the same server in a process of its own (MONGODB_URI), where the figure is the import's own.
//
//   npm run bench -- plan-import-preview
//   npx ts-node -T -P tsconfig.json bench/plan-import-preview.bench.ts --only <10000|largest> <flow|one-shot>
//   … --database 'in process'|apart: one of the two only;
//   … --keep <dir> writes the files there (<dir>/10000.xlsx, <dir>/largest.xlsx) and reuses
//   them when present: the same files measured on two versions of the service.
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startDatabaseProcess } from '../test/support/database-process';
import { adminBearer, measure, startBenchApp } from './support/bench-app';

const YEAR = 2026;
const GOAL = { previewSeconds: 5, commitSeconds: 10, extraMb: 300 };
const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };
const AGENCIES = [
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'specialised' },
  { code: 'STC', name: 'Sở Tài chính', kind: 'specialised' },
  { code: 'CAT', name: 'Công an tỉnh', kind: 'other' },
  { code: 'SYT', name: 'Sở Y tế', kind: 'specialised' },
  { code: 'SXD', name: 'Sở Xây dựng', kind: 'specialised' },
  { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'specialised' },
];
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

type FileKind = '10000' | 'largest';
type Flow = 'flow' | 'one-shot';

/** Words of plan contents, for the long rows of the largest file. */
const WORDS = (
  'kiểm tra việc chấp hành pháp luật về an toàn lao động vệ sinh môi trường phòng cháy chữa ' +
  'cháy thuế hóa đơn chứng từ đo lường chất lượng sản phẩm hàng hóa giấy phép kinh doanh điều ' +
  'kiện cơ sở sản xuất quy chuẩn kỹ thuật hồ sơ bảo hiểm xã hội y tế thất nghiệp người lao ' +
  'động hợp đồng tiền lương thời giờ làm việc nghỉ ngơi theo quy định năm 2025 tại trụ sở và ' +
  'các chi nhánh trên địa bàn tỉnh'
).split(' ');

/** Writes the file in a child process, so that building it is not counted here. */
function generateFile(kind: FileKind, path: string): void {
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', __filename, '--generate', kind, path],
    {
      stdio: 'inherit',
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
      timeout: 600_000,
    },
  );
  if (run.status !== 0) throw new Error(`generating the workbook failed (status ${run.status})`);
}

async function generate(kind: FileKind, path: string): Promise<void> {
  const { generatePlanRows, generatePlanWorkbook } = await import('./plan-import.bench');
  const { workingDaysIn } = await import('../src/domain/calendar-day');
  const { DEFAULT_MAX_TEXT_CHARS } = await import('../src/registry/plan-files/import');
  const { XlsxWorkbook } = await import('../src/registry/plan-files/import/read-xlsx');
  const { TextBudget } = await import('../src/registry/plan-files/import/raw-sheet');
  const { PLAN_FILE_LIMITS } = await import('../src/registry/plan-files/plan-file-bounds');
  const count = kind === 'largest' ? 20_000 : 10_000;
  const base = generatePlanRows(count, YEAR).map((r) => {
    const fits = Math.min(r.durationWorkingDays ?? 0, workingDaysIn(r.window));
    return { ...r, durationWorkingDays: fits > 0 ? fits : undefined };
  });
  const textOf = async (file: Buffer) => {
    const wb = await XlsxWorkbook.open(file);
    const budget = new TextBudget(Infinity);
    for await (const _row of wb.rows(wb.sheets[0], budget));
    return budget.used;
  };
  let rows = base;
  if (kind === 'largest') {
    // Content lengthened so that the file holds 99% of the text limit.
    const sample = 1_000;
    const perRow = (await textOf(await generatePlanWorkbook(base.slice(0, sample), YEAR))) / sample;
    const extra = Math.floor((DEFAULT_MAX_TEXT_CHARS * 0.99) / count - perRow);
    let seed = 7;
    const word = () => WORDS[(seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % WORDS.length];
    rows = base.map((r) => {
      let more = '';
      while (more.length < extra) more += ` ${word()}`;
      return { ...r, content: `${r.content};${more.slice(0, extra - 1)}` };
    });
  }
  let file = await generatePlanWorkbook(rows, YEAR);
  if (kind === 'largest')
    file = await withSharedStringsOf(file, PLAN_FILE_LIMITS.maxEntryBytes - 2 ** 20);
  writeFileSync(path, file);
  console.log(
    `generated ${count} rows: ${(file.length / 2 ** 20).toFixed(1)} MB .xlsx, ${(await textOf(file)).toLocaleString('en')} characters of cell text`,
  );
}

/** The workbook again, its shared strings part grown to `bytes` with strings no cell names. */
async function withSharedStringsOf(file: Buffer, bytes: number): Promise<Buffer> {
  const { inflateEntry, readZipDirectory } =
    await import('../src/registry/plan-files/import/zip-entries');
  const { writeZip } = await import('../test/support/zip');
  const directory = readZipDirectory(file, 2_000);
  if (!directory.ok) throw new Error('the generated workbook is not a zip');
  const parts: { name: string; data: Buffer }[] = [];
  for (const e of directory.entries) {
    const chunks: Buffer[] = [];
    for await (const c of inflateEntry(file, e, 2 ** 30)) chunks.push(c);
    parts.push({ name: e.name, data: Buffer.concat(chunks) });
  }
  const shared = parts.find((p) => p.name === 'xl/sharedStrings.xml')!;
  const xml = shared.data.toString('utf8');
  const close = xml.lastIndexOf('</sst>');
  const pad: Buffer[] = [];
  let size = Buffer.byteLength(xml);
  for (let n = 1; size < bytes; n++) {
    const si = Buffer.from(
      `<si><t>Ghi chú dự phòng số ${n} của danh mục kế hoạch năm ${YEAR}</t></si>`,
    );
    pad.push(si);
    size += si.length;
  }
  shared.data = Buffer.concat([Buffer.from(xml.slice(0, close)), ...pad, Buffer.from('</sst>')]);
  return writeZip(parts.map((p) => ({ name: p.name, chunks: () => [p.data] })));
}

interface Step {
  ms: number;
  cpuMs: number;
  peakMb: number;
}

/** Wall and CPU time and peak RSS (sampled every 10 ms) of `work`, in whole ms and MB. */
async function step<T>(work: () => Promise<T>): Promise<{ result: T } & Step> {
  const { result, ms, cpuMs, peakRssMb } = await measure(work, 10);
  return { result, ms: Math.round(ms), cpuMs: Math.round(cpuMs), peakMb: peakRssMb };
}

/** The import's counts, read off its answer (every conflict of the rows) as it streams. */
async function skimImport(res: Response): Promise<{ created: number; conflicts: number }> {
  const decoder = new TextDecoder();
  let tail = '';
  let conflicts = 0;
  let created: number | undefined;
  const count = (text: string) => text.split('"ruleId":').length - 1;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = tail + decoder.decode(chunk, { stream: true });
    created ??= Number(/"created":(\d+)/.exec(text)?.[1] ?? NaN) || undefined;
    tail = text.slice(-64);
    conflicts += count(text) - count(tail);
  }
  conflicts += count(tail);
  created ??= Number(/"created":(\d+)/.exec(tail)?.[1]);
  return { created: created ?? 0, conflicts };
}

/** The preview's id, row count and conflict count, read off its answer as it streams. */
async function skimPreview(
  res: Response,
): Promise<{ previewId: string; rows: number; conflicts: number }> {
  const decoder = new TextDecoder();
  let head = '';
  let tail = '';
  let conflicts = 0;
  const count = (text: string) => text.split('"ruleId":').length - 1;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = tail + decoder.decode(chunk, { stream: true });
    if (head.length < 65_536) head += text.slice(0, 65_536);
    // Rows have no ruleId: every one is a conflict's. The tail is counted with the next chunk.
    tail = text.slice(-16);
    conflicts += count(text) - count(tail);
  }
  conflicts += count(tail);
  const previewId = /"previewId":"([^"]+)"/.exec(head)?.[1];
  const rows = /"summary":\{"rows":(\d+)/.exec(head)?.[1];
  if (!previewId || !rows) throw new Error(`not a preview: ${head.slice(0, 500)}`);
  return { previewId, rows: Number(rows), conflicts };
}

/** A step's figures, without its answer. */
const figures = (s: Step, note: string) => ({ ms: s.ms, cpuMs: s.cpuMs, peakMb: s.peakMb, note });

interface Measured {
  file: FileKind;
  flow: Flow;
  backend: string;
  fileMb: number;
  idleMb: number;
  steps: Record<string, Step & { note: string }>;
}

/** One flow on one file, in this process (fresh app, fresh database). */
async function measureOne(kind: FileKind, flow: Flow, path: string): Promise<Measured> {
  const file = readFileSync(path);
  Object.assign(process.env, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
  const bench = await startBenchApp(`plan-import-${flow}`);
  try {
    const http = request(bench.app.getHttpServer());
    const { authorization } = await adminBearer(http, ADMIN);
    const auth = { authorization };
    for (const a of AGENCIES) await http.post('/agencies').set(auth).send(a).expect(201);
    // Idle: the lowest of a few samples, each after a GC (RSS shrinks late, and not always).
    let idle = Infinity;
    for (let i = 0; i < 5; i++) {
      global.gc?.();
      await new Promise((r) => setTimeout(r, 200));
      idle = Math.min(idle, process.memoryUsage().rss);
    }
    const idleMb = mb(idle);
    // Requests over a socket, the preview's answer read as it streams and dropped: the client
    // lives in this process too, and must not hold a 20,000-row answer in the figures.
    await bench.app.listen(0, '127.0.0.1');
    const base = (await bench.app.getUrl()).replace('[::1]', '127.0.0.1');
    const upload = (path: string) => {
      const form = new FormData();
      form.append('agencyCode', 'SKHCN');
      form.append('year', String(YEAR));
      form.append('file', new Blob([file]), 'ke-hoach-2026.xlsx');
      return fetch(`${base}${path}`, { method: 'POST', headers: auth, body: form });
    };
    const refused = async (what: string, res: Response) =>
      new Error(`${what}: ${res.status} ${(await res.text()).slice(0, 2000)}`);
    const steps: Measured['steps'] = {};
    if (flow === 'one-shot') {
      const s = await step(async () => {
        const res = await upload('/plans/import');
        if (res.status !== 201) throw await refused('import', res);
        return skimImport(res);
      });
      steps.import = figures(s, `${s.result.created} created, ${s.result.conflicts} conflicts`);
    } else {
      const preview = await step(async () => {
        const res = await upload('/plans/import/preview');
        if (res.status !== 201) throw await refused('preview', res);
        return skimPreview(res);
      });
      steps.preview = figures(
        preview,
        `${preview.result.rows} rows, ${preview.result.conflicts} conflicts`,
      );
      global.gc?.();
      const commit = await step(async () => {
        const res = await fetch(`${base}/plans/import/preview/${preview.result.previewId}/commit`, {
          method: 'POST',
          headers: auth,
        });
        if (res.status !== 201) throw await refused('commit', res);
        return (await res.json()) as { created: number };
      });
      steps.commit = figures(commit, `${commit.result.created} created`);
    }
    return {
      file: kind,
      flow,
      backend: bench.backend,
      fileMb: file.length / 2 ** 20,
      idleMb,
      steps,
    };
  } finally {
    await bench.close();
  }
}

function runChild(kind: FileKind, flow: Flow, path: string, databaseUri?: string): Measured {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, '--measure', kind, flow, path],
    {
      env: { ...process.env, ...(databaseUri && { MONGODB_URI: databaseUri }) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 900_000,
      maxBuffer: 256 * 2 ** 20,
    },
  );
  if (run.status !== 0)
    throw new Error(
      `${kind} ${flow} failed (${run.signal ?? run.status} ${run.error?.message ?? ''})`,
    );
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measured;
}

/** The embedded server in a process of its own (memory only); answers its URI and a stop. */
async function databaseApart(): Promise<{ uri: string; stop: () => void }> {
  const { child, uri } = await startDatabaseProcess();
  return { uri, stop: () => void child.kill('SIGTERM') };
}

function report(m: Measured, where: string): void {
  console.log(
    `${m.file === 'largest' ? 'largest accepted file' : `${m.file} rows`} (${m.fileMb.toFixed(1)} MB), ${m.flow}, database ${where} (${m.backend}), idle rss ${m.idleMb} MB:`,
  );
  for (const [name, s] of Object.entries(m.steps)) {
    const extra = s.peakMb - m.idleMb;
    console.log(
      `  ${name.padEnd(8)} ${String(s.ms).padStart(6)} ms wall (cpu ${s.cpuMs} ms), peak rss ${s.peakMb} MB = idle + ${extra} MB${extra < GOAL.extraMb ? '' : ' (OVER)'}; ${s.note}`,
    );
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  const kinds: FileKind[] = only > 0 ? [process.argv[only + 1] as FileKind] : ['10000', 'largest'];
  const flows: Flow[] = only > 0 ? [process.argv[only + 2] as Flow] : ['flow', 'one-shot'];
  const where = process.argv.indexOf('--database');
  const places = where > 0 ? [process.argv[where + 1]] : ['in process', 'apart'];
  const keep = process.argv.indexOf('--keep');
  const dir =
    keep > 0 ? process.argv[keep + 1] : mkdtempSync(join(tmpdir(), 'plan-import-preview-bench-'));
  try {
    let backend = '';
    for (const kind of kinds) {
      const path = join(dir, `${kind}.xlsx`);
      if (!existsSync(path)) generateFile(kind, path);
      for (const where of places) {
        const apart = where === 'apart' ? await databaseApart() : undefined;
        try {
          for (const flow of flows) {
            const m = runChild(kind, flow, path, apart?.uri);
            if (!apart) backend = m.backend;
            report(m, where);
          }
        } finally {
          apart?.stop();
        }
      }
    }
    console.log(
      `backend: ${backend} (apart: the same server in its own process); goal: preview < ${GOAL.previewSeconds} s, commit < ${GOAL.commitSeconds} s, peak < idle + ${GOAL.extraMb} MB`,
    );
  } finally {
    if (keep < 0) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [mode, a, b, c] = process.argv.slice(2);
  const run =
    mode === '--generate'
      ? generate(a as FileKind, b)
      : mode === '--measure'
        ? measureOne(a as FileKind, b as Flow, c).then((m) => console.log(JSON.stringify(m)))
        : main();
  run.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
