// The service under load, as a province would use it: a store of 50,000 inspections (their
// enterprises, the year's conflicts from a re-scan), then 50 clients for ~20 s, each sending
// one request after another from a realistic mix of reads (the year's conflicts page by page,
// plans, an enterprise, an agency's calendar feed) and writes (a new inspection in a plan,
// an inspection moved to other dates). Prints latency p50/p95/p99 per kind and overall
// (goal: p95 < 500 ms), the write-time conflict check's p95 under that load, and the
// service's RSS and heap after seeding, after the re-scan and after the load.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import request from 'supertest';
import { AgencyRepository } from '../src/agencies/agency';
import { ConflictDetectionService } from '../src/conflicts/conflict-detection.service';
import { RescanService } from '../src/conflicts/rescan.service';
import { addDays, fromEpochDay, toEpochDay } from '../src/domain/calendar-day';
import { taxCodeCheckDigit } from '../src/domain/tax-code';
import { EnterpriseRepository } from '../src/registry/enterprises/enterprise';
import { Inspection, InspectionRepository } from '../src/registry/inspections/inspection';
import { adminBearer, measure, percentile, profiled, startBenchApp } from './support/bench-app';

const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };
const YEAR = 2026;
const INSPECTIONS = Number(process.env.BENCH_INSPECTIONS ?? 50_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const AGENCIES = [
  { code: 'TTT', kind: 'inspectorate' as const },
  ...Array.from({ length: 19 }, (_, i) => ({
    code: `S${String(i + 1).padStart(2, '0')}`,
    kind: 'specialised' as const,
  })),
];
const FIELDS = ['tax', 'labour', 'fire-safety', 'environment', 'food-safety', 'measurement'];

/** Request kinds and their share of the traffic (reads 80 %, writes 20 %). */
const MIX = [
  { kind: 'GET /conflicts?year= page', weight: 25 },
  { kind: 'GET /plans', weight: 10 },
  { kind: 'GET /enterprises/:taxCode', weight: 30 },
  { kind: 'GET feed .ics', weight: 15 },
  { kind: 'POST /plans/:id/inspections', weight: 10 },
  { kind: 'PATCH /inspections/:id', weight: 10 },
] as const;
type Kind = (typeof MIX)[number]['kind'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function taxCode(n: number): string {
  for (let k = n; ; k++) {
    const nine = String(100_000_000 + k).slice(-9);
    const d = taxCodeCheckDigit(nine);
    if (d !== null) return nine + d;
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
function memory(label: string) {
  global.gc?.();
  const m = process.memoryUsage();
  console.log(
    `memory ${label}: RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (RSS includes the database thread; heap is the service's own)`,
  );
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const p = (q: number) => percentile(sorted, q).toFixed(0);
  return `n ${sorted.length}, p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`;
}

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_RATE_LIMIT: '1000000',
  });
  const bench = await startBenchApp('service_load');
  const { app } = bench;
  try {
    console.log(`backend: ${bench.backend}`);
    const http = request(app.getHttpServer());
    const { authorization } = await adminBearer(http, ADMIN);
    const now = new Date();
    for (const a of AGENCIES)
      await app.get(AgencyRepository).insert({
        ...a,
        name: `Cơ quan ${a.code}`,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    // One draft annual plan per agency, through the API; the inspections go straight to the
    // store (seeding 50,000 through HTTP would measure seeding, not the service).
    const plans = new Map<string, string>();
    for (const a of AGENCIES) {
      const plan = await http
        .post('/plans')
        .set({ authorization })
        .send({ agencyCode: a.code, year: YEAR, kind: 'annual' })
        .expect(201);
      plans.set(a.code, plan.body.id as string);
    }

    const random = rng(7);
    const parents = Math.floor(INSPECTIONS * 0.8);
    const yearStart = toEpochDay(`${YEAR}-01-01`);
    const docs: Inspection[] = [];
    const enterprises = new Map<
      string,
      { taxCode: string; parentTaxCode: string; isBranch: boolean; name: string }
    >();
    for (let i = 0; i < INSPECTIONS; i++) {
      const parent = taxCode(1_000 + Math.floor(random() * parents) * 13);
      const agency = AGENCIES[Math.floor(random() * AGENCIES.length)];
      const from = fromEpochDay(yearStart + Math.floor(random() * 340));
      const name = `Công ty TNHH Thương mại Dịch vụ Số ${parent}`;
      enterprises.set(parent, { taxCode: parent, parentTaxCode: parent, isBranch: false, name });
      docs.push({
        id: randomUUID(),
        planId: plans.get(agency.code)!,
        planKind: 'annual',
        planStatus: 'draft',
        agencyCode: agency.code,
        year: YEAR,
        taxCode: parent,
        parentTaxCode: parent,
        enterpriseName: name,
        type: agency.kind === 'inspectorate' ? 'thanh-tra' : 'kiem-tra',
        form: 'on-site',
        field: FIELDS[Math.floor(random() * FIELDS.length)],
        content: 'Kiểm tra việc chấp hành pháp luật chuyên ngành',
        window: { from, to: addDays(from, 5 + Math.floor(random() * 20)) },
        leadAgencyCode: agency.code,
        participantAgencyCodes: [],
        state: 'planned',
        revision: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'bench',
        updatedBy: 'bench',
      });
    }
    const seeded = await measure(async () => {
      for (let i = 0; i < docs.length; i += 5_000)
        await app.get(InspectionRepository).insertMany(docs.slice(i, i + 5_000));
      await app.get(EnterpriseRepository).ensureExist([...enterprises.values()], now);
    });
    console.log(
      `seeded ${INSPECTIONS} inspections of ${enterprises.size} enterprises in ${(seeded.ms / 1000).toFixed(1)} s`,
    );
    memory('after seeding');
    const scan = await measure(() => app.get(RescanService).scan(YEAR, 'bench'));
    console.log(
      `re-scan ${YEAR}: ${(scan.ms / 1000).toFixed(2)} s, ${scan.result.detected} conflicts`,
    );
    memory('after the re-scan');

    const feed = await http
      .post('/feeds')
      .set({ authorization })
      .send({ scope: 'agency', ref: 'S01' })
      .expect(201);
    const feedPath = new URL(feed.body.url as string).pathname;
    const conflictPages = Math.max(1, Math.ceil(scan.result.detected / 50));

    // The write-time check as the service runs it, timed inside each write.
    const detection = app.get(ConflictDetectionService);
    const checkParents = detection.checkParents.bind(detection);
    const checks: number[] = [];
    detection.checkParents = async (change) => {
      const t0 = process.hrtime.bigint();
      try {
        return await checkParents(change);
      } finally {
        checks.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };

    // A real listening socket with keep-alive clients, as a reverse proxy would connect.
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const headers = { authorization, 'content-type': 'application/json' };
    const times = new Map<Kind, number[]>(MIX.map((m) => [m.kind, []]));
    const failures = new Map<string, number>();
    const totalWeight = MIX.reduce((s, m) => s + m.weight, 0);
    const revisions = new Map<string, number>();
    const deadline = Date.now() + SECONDS * 1000;
    const loadStarted = Date.now();
    /** Requests answered after more than 5 s, with when they were sent. */
    const stalls: string[] = [];

    async function one(next: () => number): Promise<void> {
      let r = next() * totalWeight;
      const { kind } = MIX.find((m) => (r -= m.weight) < 0) ?? MIX[0];
      const pick = docs[Math.floor(next() * docs.length)];
      let path: string;
      let init: RequestInit = { headers };
      switch (kind) {
        case 'GET /conflicts?year= page':
          path = `/conflicts?year=${YEAR}&page=${1 + Math.floor(next() * conflictPages)}`;
          break;
        case 'GET /plans':
          path = `/plans?year=${YEAR}`;
          break;
        case 'GET /enterprises/:taxCode':
          path = `/enterprises/${pick.taxCode}`;
          break;
        case 'GET feed .ics':
          path = feedPath;
          break;
        case 'POST /plans/:id/inspections': {
          const from = fromEpochDay(yearStart + Math.floor(next() * 340));
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
          const from = fromEpochDay(yearStart + Math.floor(next() * 340));
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
      const startedAt = Date.now() - loadStarted;
      const res = await fetch(base + path, init);
      const body = await res.text();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times.get(kind)!.push(ms);
      if (ms > 5_000)
        stalls.push(`${kind} sent at +${(startedAt / 1000).toFixed(1)} s: ${ms.toFixed(0)} ms`);
      if (kind === 'PATCH /inspections/:id' && res.ok)
        revisions.set(pick.id, (JSON.parse(body) as { revision: number }).revision);
      // Another client moved the same inspection first: a correct 409, timed as any answer.
      const expected = res.ok || (kind === 'PATCH /inspections/:id' && res.status === 409);
      if (!expected) {
        const key = `${kind} ${res.status}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }

    // How long the event loop was held at a stretch: the server, the app and the clients
    // share this one thread, so a long synchronous step delays every request in flight.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of the load alone.
    const peak = await profiled(process.env.BENCH_CPU_PROFILE, () =>
      measure(() =>
        Promise.all(
          Array.from({ length: CLIENTS }, async (_, c) => {
            const next = rng(1_000 + c);
            while (Date.now() < deadline) await one(next);
          }),
        ),
      ),
    );
    loop.disable();
    console.log(
      `${CLIENTS} clients for ${SECONDS} s, keep-alive HTTP to the in-process service (peak RSS ${peak.peakRssMb} MB, CPU ${(peak.cpuMs / 1000).toFixed(1)} s of ${(peak.ms / 1000).toFixed(1)} s):`,
    );
    const all: number[] = [];
    for (const { kind } of MIX) {
      const t = times.get(kind)!;
      all.push(...t);
      console.log(`  ${kind.padEnd(30)} ${summary(t)}`);
    }
    console.log(
      `  ${'overall'.padEnd(30)} ${summary(all)}, ${(all.length / (peak.ms / 1000)).toFixed(0)} requests/s`,
    );
    console.log(`  write-time check (inside the writes): ${summary(checks)}`);
    const lag = (q: number) => (loop.percentile(q) / 1e6).toFixed(0);
    console.log(
      `  event-loop delay: p50 ${lag(50)} ms, p99 ${lag(99)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`,
    );
    if (stalls.length > 0)
      console.log(`  stalled > 5 s: ${stalls.length}\n    ${stalls.join('\n    ')}`);
    if (failures.size > 0) console.log(`  unexpected answers: ${JSON.stringify([...failures])}`);
    memory('after the load');
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
