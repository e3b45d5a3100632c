// The service-load bench's clients: keep-alive HTTP clients, each sending one request after
// another from the mix. They run on a thread of their own by default, as a reverse proxy's
// clients are elsewhere: on the service's thread their fetch, gunzip and JSON work would run
// between its requests and be counted as its latency. BENCH_CLIENTS_THREAD=main keeps them
// there, for comparison with earlier figures.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { extname } from 'node:path';
import { addDays, fromEpochDay } from '../../src/domain/calendar-day';

/** Request kinds and their share of the traffic (reads 80 %, writes 20 %). */
export const MIX = [
  { kind: 'GET /conflicts?year= page', weight: 25 },
  { kind: 'GET /plans', weight: 10 },
  { kind: 'GET /enterprises/:taxCode', weight: 30 },
  { kind: 'GET feed .ics', weight: 15 },
  { kind: 'POST /plans/:id/inspections', weight: 10 },
  { kind: 'PATCH /inspections/:id', weight: 10 },
] as const;
export type Kind = (typeof MIX)[number]['kind'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The stored inspections the clients pick from. */
export interface Pick {
  id: string;
  planId: string;
  taxCode: string;
  revision: number;
}

export interface LoadSpec {
  base: string;
  headers: Record<string, string>;
  clients: number;
  seconds: number;
  year: number;
  /** Epoch day of the year's 1 January: new windows fall in its first 340 days. */
  yearStart: number;
  conflictPages: number;
  feedPath: string;
  picks: Pick[];
}

export interface LoadResult {
  times: Record<Kind, number[]>;
  /** Unexpected answers by kind and status. */
  failures: [string, number][];
  /** Requests answered after more than 5 s, with when they were sent. */
  stalls: string[];
  ms: number;
}

export async function runClients(spec: LoadSpec): Promise<LoadResult> {
  const times = Object.fromEntries(MIX.map((m) => [m.kind, [] as number[]])) as Record<
    Kind,
    number[]
  >;
  const failures = new Map<string, number>();
  const stalls: string[] = [];
  const revisions = new Map<string, number>();
  const totalWeight = MIX.reduce((s, m) => s + m.weight, 0);
  const { headers } = spec;
  const started = Date.now();
  const deadline = started + spec.seconds * 1000;

  async function one(next: () => number): Promise<void> {
    let r = next() * totalWeight;
    const { kind } = MIX.find((m) => (r -= m.weight) < 0) ?? MIX[0];
    const pick = spec.picks[Math.floor(next() * spec.picks.length)];
    let path: string;
    let init: RequestInit = { headers };
    switch (kind) {
      case 'GET /conflicts?year= page':
        path = `/conflicts?year=${spec.year}&page=${1 + Math.floor(next() * spec.conflictPages)}`;
        break;
      case 'GET /plans':
        path = `/plans?year=${spec.year}`;
        break;
      case 'GET /enterprises/:taxCode':
        path = `/enterprises/${pick.taxCode}`;
        break;
      case 'GET feed .ics':
        path = spec.feedPath;
        break;
      case 'POST /plans/:id/inspections': {
        const from = fromEpochDay(spec.yearStart + Math.floor(next() * 340));
        path = `/plans/${pick.planId}/inspections`;
        init = {
          headers,
          method: 'POST',
          body: JSON.stringify({
            taxCode: pick.taxCode,
            type: 'kiem-tra',
            form: 'on-site',
            field: 'measurement',
            content: 'Kiểm tra đo lường bổ sung',
            window: { from, to: addDays(from, 10) },
          }),
        };
        break;
      }
      case 'PATCH /inspections/:id': {
        const from = fromEpochDay(spec.yearStart + Math.floor(next() * 340));
        path = `/inspections/${pick.id}`;
        init = {
          headers,
          method: 'PATCH',
          body: JSON.stringify({
            revision: revisions.get(pick.id) ?? pick.revision,
            window: { from, to: addDays(from, 7) },
          }),
        };
        break;
      }
    }
    const t0 = process.hrtime.bigint();
    const sentAt = Date.now() - started;
    const res = await fetch(spec.base + path, init);
    const body = await res.text();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    times[kind].push(ms);
    if (ms > 5_000)
      stalls.push(`${kind} sent at +${(sentAt / 1000).toFixed(1)} s: ${ms.toFixed(0)} ms`);
    if (kind === 'PATCH /inspections/:id' && res.ok)
      revisions.set(pick.id, (JSON.parse(body) as { revision: number }).revision);
    // Another client moved the same inspection first: a correct 409, timed as any answer.
    const expected = res.ok || (kind === 'PATCH /inspections/:id' && res.status === 409);
    if (!expected) {
      const key = `${kind} ${res.status}`;
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  }

  await Promise.all(
    Array.from({ length: spec.clients }, async (_, c) => {
      const next = rng(1_000 + c);
      while (Date.now() < deadline) await one(next);
    }),
  );
  return { times, failures: [...failures], stalls, ms: Date.now() - started };
}

/** Runs the clients on a thread of their own and answers what they measured. */
export function runClientsInWorker(spec: LoadSpec): Promise<LoadResult> {
  const file = __filename;
  const worker =
    extname(file) === '.ts'
      ? new Worker(
          `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true }); require(${JSON.stringify(file)});`,
          { eval: true, workerData: spec },
        )
      : new Worker(file, { workerData: spec });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load clients' thread exited (${code})`)));
  });
}

if (!isMainThread && parentPort && workerData && 'feedPath' in (workerData as object)) {
  const port = parentPort;
  void runClients(workerData as LoadSpec).then((result) => port.postMessage(result));
}
