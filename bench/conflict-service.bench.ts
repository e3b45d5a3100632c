// Conflict service through the database: the re-scan of a year of 10^5 inspections beside a
// bare lean cursor read of the same documents (same filter, sort and projection: the floor),
// the writes of a re-scan that changes nothing (none) and of one after a single change, and
// the latency of one write-time check (the engine call plus its reads and writes), p50/p95.
import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { AgencyRepository } from '../src/agencies/agency';
import { ConflictDetectionService } from '../src/conflicts/conflict-detection.service';
import { RescanService } from '../src/conflicts/rescan.service';
import { addDays, fromEpochDay, toEpochDay } from '../src/domain/calendar-day';
import { taxCodeCheckDigit } from '../src/domain/tax-code';
import { Inspection, InspectionRepository } from '../src/registry/inspections/inspection';
import { EnterpriseRepository } from '../src/registry/enterprises/enterprise';
import { rescanScope } from '../src/conflicts/rescan.service';
import { DETECTION_READ, toMongoFilter } from '../src/registry/inspections/inspection.mongo';
import {
  adminBearer,
  countWrites,
  folderBytes,
  measure,
  percentile,
  profiled,
  startBenchApp,
} from './support/bench-app';

const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };

const YEAR = 2026;
const INSPECTIONS = Number(process.env.BENCH_INSPECTIONS ?? 100_000);
const AGENCIES = [
  { code: 'TTT', kind: 'inspectorate' as const },
  ...Array.from({ length: 29 }, (_, i) => ({
    code: `S${String(i + 1).padStart(2, '0')}`,
    kind: 'specialised' as const,
  })),
  { code: 'KTNN', kind: 'state-audit' as const },
];
const FIELDS = [
  'tax',
  'labour',
  'fire-safety',
  'environment',
  'food-safety',
  'measurement',
  'construction',
  'health',
];

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

/** The re-scan's read alone: the driver's cursor over the same query, documents left as read. */
async function bareRead(model: Model<unknown>, year: number, project = true): Promise<number> {
  let n = 0;
  const cursor = model.collection.find(toMongoFilter(rescanScope(year)), {
    ...(project && { projection: DETECTION_READ.projection }),
    sort: DETECTION_READ.sort,
    batchSize: DETECTION_READ.batchSize,
  });
  for await (const _doc of cursor) n++;
  return n;
}

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_RATE_LIMIT: '1000000',
  });
  const bench = await startBenchApp('conflicts');
  const app = bench.app;
  const now = new Date();
  const agencies = app.get(AgencyRepository);
  for (const a of AGENCIES)
    await agencies.insert({
      ...a,
      name: `Cơ quan ${a.code}`,
      active: true,
      createdAt: now,
      updatedAt: now,
    });

  // A national-scale shape: most enterprises have one inspection a year, some two or three.
  const random = rng(42);
  // Drawn from a pool three times the inspections: about 85% of enterprises get one.
  const parents = INSPECTIONS * 3;
  const yearStart = toEpochDay(`${YEAR}-01-01`);
  const docs: Inspection[] = [];
  const enterpriseEntries = new Map<
    string,
    { taxCode: string; parentTaxCode: string; isBranch: boolean; name: string }
  >();
  for (let i = 0; i < INSPECTIONS; i++) {
    const parent = taxCode(1_000 + Math.floor(random() * parents) * 13);
    const agency = AGENCIES[Math.floor(random() * (AGENCIES.length - 1))];
    const from = fromEpochDay(yearStart + Math.floor(random() * 340));
    enterpriseEntries.set(parent, {
      taxCode: parent,
      parentTaxCode: parent,
      isBranch: false,
      name: `Công ty TNHH Số ${parent}`,
    });
    docs.push({
      id: randomUUID(),
      planId: `plan-${agency.code}`,
      planKind: 'annual',
      planStatus: 'approved',
      agencyCode: agency.code,
      year: YEAR,
      taxCode: parent,
      parentTaxCode: parent,
      enterpriseName: `Công ty TNHH Số ${parent}`,
      type: agency.kind === 'inspectorate' ? 'thanh-tra' : 'kiem-tra',
      form: 'on-site',
      field: FIELDS[Math.floor(random() * FIELDS.length)],
      content: 'Kiểm tra việc chấp hành pháp luật',
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
  const inspections = app.get(InspectionRepository);
  const seeded = await measure(async () => {
    for (let i = 0; i < docs.length; i += 5_000)
      await inspections.insertMany(docs.slice(i, i + 5_000));
    await app.get(EnterpriseRepository).ensureExist([...enterpriseEntries.values()], now);
  });
  console.log(`backend: ${bench.backend}`);
  console.log(
    `seeded ${INSPECTIONS} inspections of ${enterpriseEntries.size} enterprises in ${(seeded.ms / 1000).toFixed(1)} s`,
  );

  const rescan = app.get(RescanService);
  const model = app.get<Model<unknown>>(getModelToken('Inspection'));
  const writes = countWrites();
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  // Read, scan, read again: the two reads bracket the scans so load drift shows.
  const bare1 = await measure(() => bareRead(model, YEAR));
  const first = await measure(() => rescan.scan(YEAR, 'bench'));
  const firstWrites = writes.take();
  const journal0 = folderBytes(bench.dataDir);
  // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of this no-change scan alone.
  const second = await profiled(process.env.BENCH_CPU_PROFILE, () =>
    measure(() => rescan.scan(YEAR, 'bench')),
  );
  const secondWrites = writes.take();
  const journal1 = folderBytes(bench.dataDir);
  const bare2 = await measure(() => bareRead(model, YEAR));
  // Against the faster of the two reads, in wall time and in CPU time (the in-process
  // server's share included), so a busy neighbour on the machine shows as a gap between them.
  // For comparison only: the same read of whole documents (what a projection saves or costs
  // on this backend).
  const whole = await measure(() => bareRead(model, YEAR, false));
  console.log(
    `the same read without the projection (whole documents): ${sec(whole.ms)} (CPU ${sec(whole.cpuMs)}), peak RSS ${whole.peakRssMb} MB`,
  );
  const floor = Math.min(bare1.ms, bare2.ms);
  const cpuFloor = Math.min(bare1.cpuMs, bare2.cpuMs);
  const vsFloor = (m: { ms: number; cpuMs: number }) =>
    `${(m.ms / floor).toFixed(2)}x the bare read (CPU ${(m.cpuMs / cpuFloor).toFixed(2)}x)`;
  console.log(
    `bare lean cursor read of the re-scan's documents (${bare1.result}): ${sec(bare1.ms)} before (CPU ${sec(bare1.cpuMs)}), ${sec(bare2.ms)} after the scans (CPU ${sec(bare2.cpuMs)})`,
  );
  console.log(
    `re-scan ${YEAR} (first, opens everything): ${sec(first.ms)} = ${vsFloor(first)}, peak RSS ${first.peakRssMb} MB, ${firstWrites.calls} write calls (${firstWrites.operations} operations)`,
    JSON.stringify(first.result),
  );
  console.log(
    `re-scan ${YEAR} (again, nothing changes): ${sec(second.ms)} = ${vsFloor(second)}, peak RSS ${second.peakRssMb} MB, ${secondWrites.calls} write calls (${secondWrites.operations} operations), journal +${journal1 - journal0} bytes`,
    JSON.stringify(second.result),
  );
  // One inspection moved out of its overlaps behind the service's back: the next scan
  // writes only what that changes.
  const perParent = new Map<string, number>();
  for (const d of docs) perParent.set(d.parentTaxCode, (perParent.get(d.parentTaxCode) ?? 0) + 1);
  // A pair whose windows overlap: moving one keeps the frequency conflict (facts change) and
  // closes the overlap.
  const moved = docs.find(
    (d) =>
      perParent.get(d.parentTaxCode) === 2 &&
      docs.some(
        (o) =>
          o !== d &&
          o.parentTaxCode === d.parentTaxCode &&
          o.window.from <= d.window.to &&
          d.window.from <= o.window.to,
      ),
  )!;
  await model.collection.updateOne(
    { _id: moved.id as never },
    {
      $set: { window: { from: `${YEAR}-12-28`, to: `${YEAR}-12-31` } },
    },
  );
  writes.take();
  const third = await measure(() => rescan.scan(YEAR, 'bench'));
  const thirdWrites = writes.take();
  const journal2 = folderBytes(bench.dataDir);
  console.log(
    `re-scan ${YEAR} after one inspection moved: ${sec(third.ms)} = ${vsFloor(third)}, ${thirdWrites.calls} write calls (${thirdWrites.operations} operations), journal +${journal2 - journal1} bytes`,
    JSON.stringify(third.result),
  );
  writes.stop();

  const detection = app.get(ConflictDetectionService);
  const sampleParents = [...enterpriseEntries.keys()].slice(0, 300);
  const checks: number[] = [];
  for (const parent of sampleParents) {
    const t0 = process.hrtime.bigint();
    await detection.checkParents({ parentTaxCodes: [parent], actor: 'bench' });
    checks.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  checks.sort((a, b) => a - b);
  console.log(
    `write-time check of one enterprise (${checks.length} samples): p50 ${percentile(checks, 50).toFixed(1)} ms, p95 ${percentile(checks, 95).toFixed(1)} ms`,
  );

  // The same through HTTP: one POST /plans/:id/inspections, check included.
  const http = request(app.getHttpServer());
  const { authorization } = await adminBearer(http, ADMIN);
  const plan = (
    await http
      .post('/plans')
      .set({ authorization })
      .send({ agencyCode: 'S01', year: YEAR, kind: 'annual' })
      .expect(201)
  ).body;
  const posts: number[] = [];
  for (const parent of sampleParents.slice(0, 100)) {
    const t0 = process.hrtime.bigint();
    await http
      .post(`/plans/${plan.id}/inspections`)
      .set({ authorization })
      .send({
        taxCode: parent,
        type: 'kiem-tra',
        form: 'on-site',
        field: 'measurement',
        content: 'Kiểm tra đo lường',
        window: { from: `${YEAR}-11-01`, to: `${YEAR}-11-30` },
      })
      .expect(201);
    posts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  posts.sort((a, b) => a - b);
  console.log(
    `POST /plans/:id/inspections incl. check (${posts.length} samples): p50 ${percentile(posts, 50).toFixed(1)} ms, p95 ${percentile(posts, 95).toFixed(1)} ms`,
  );
  await bench.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
