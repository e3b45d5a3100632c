// Conflict service through the database: the re-scan of a year of 10^5 inspections, and the
// latency of one write-time check (the engine call plus its reads and writes), p50/p95.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AgencyRepository } from '../src/agencies/agency';
import { ConflictDetectionService } from '../src/conflicts/conflict-detection.service';
import { RescanService } from '../src/conflicts/rescan.service';
import { addDays, fromEpochDay, toEpochDay } from '../src/domain/calendar-day';
import { taxCodeCheckDigit } from '../src/domain/tax-code';
import { Inspection, InspectionRepository } from '../src/registry/inspections/inspection';
import { EnterpriseRepository } from '../src/registry/enterprises/enterprise';
import { measure, percentile, startBenchApp } from './support/bench-app';

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

async function main() {
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
  const first = await measure(() => rescan.scan(YEAR, 'bench'));
  console.log(
    `re-scan ${YEAR} (first, opens everything): ${(first.ms / 1000).toFixed(2)} s, peak RSS ${first.peakRssMb} MB`,
    JSON.stringify(first.result),
  );
  const second = await measure(() => rescan.scan(YEAR, 'bench'));
  console.log(
    `re-scan ${YEAR} (again, nothing changes): ${(second.ms / 1000).toFixed(2)} s, peak RSS ${second.peakRssMb} MB`,
    JSON.stringify(second.result),
  );

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
  const plan = (
    await http.post('/plans').send({ agencyCode: 'S01', year: YEAR, kind: 'annual' }).expect(201)
  ).body;
  const posts: number[] = [];
  for (const parent of sampleParents.slice(0, 100)) {
    const t0 = process.hrtime.bigint();
    await http
      .post(`/plans/${plan.id}/inspections`)
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
