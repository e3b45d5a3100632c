// The service under load, as a province would use it: a store of 50,000 inspections (their
// enterprises, the year's conflicts from a re-scan), then 50 clients for ~20 s, each sending
// one request after another from a realistic mix of reads (the year's conflicts page by page,
// plans, an enterprise, an agency's calendar feed) and writes (a new inspection in a plan,
// an inspection moved to other dates). Prints latency p50/p95/p99 per kind and overall
// (goal: p95 < 500 ms), the write-time conflict check's p95 under that load, and the
// service's RSS and heap after seeding, after the re-scan and after the load.
// The clients run on a thread of their own (bench/support/load-clients.ts).
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
import { LoadSpec, MIX, rng, runClients, runClientsInWorker } from './support/load-clients';

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
    const spec: LoadSpec = {
      base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
      headers: { authorization, 'content-type': 'application/json' },
      clients: CLIENTS,
      seconds: SECONDS,
      year: YEAR,
      yearStart,
      conflictPages,
      feedPath,
      picks: docs.map(({ id, planId, taxCode, revision }) => ({ id, planId, taxCode, revision })),
    };
    const clientsOnMain = process.env.BENCH_CLIENTS_THREAD === 'main';

    // How long the service's event loop was held at a stretch: a long synchronous step delays
    // every request in flight (the clients' own work too when they share the thread).
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of the load alone (this thread's).
    const peak = await profiled(process.env.BENCH_CPU_PROFILE, () =>
      measure(() => (clientsOnMain ? runClients(spec) : runClientsInWorker(spec))),
    );
    loop.disable();
    const { times, failures, stalls } = peak.result;
    console.log(
      `${CLIENTS} clients for ${SECONDS} s on ${clientsOnMain ? "the service's own thread" : 'a thread of their own'}, keep-alive HTTP to the in-process service (peak RSS ${peak.peakRssMb} MB, CPU of every thread ${(peak.cpuMs / 1000).toFixed(1)} s of ${(peak.ms / 1000).toFixed(1)} s):`,
    );
    const all: number[] = [];
    for (const { kind } of MIX) {
      const t = times[kind];
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
    if (failures.length > 0) console.log(`  unexpected answers: ${JSON.stringify(failures)}`);
    memory('after the load');
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
