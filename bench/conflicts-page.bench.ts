// GET /conflicts?year= through HTTP: the time of one page (first, middle and last) with 7,000
// and then 14,000 conflicts of the year in the store (plus 3,000 of the year before). Goal:
// flat, under 20 ms whatever the year's size. Conflicts are written straight to the store in
// the shape detection writes them (history, facts, explanations), so the read path alone is
// measured.
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { taxCodeCheckDigit } from '../src/domain/tax-code';
import { percentile, startBenchApp } from './support/bench-app';

const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };
const YEAR = 2026;
const AGENCIES = ['SKHCN', 'SNV', 'SYT', 'SCT', 'STNMT', 'SXD', 'THUE', 'TTT'];
const RUNS = 40;

function taxCode(n: number): string {
  for (let k = n; ; k++) {
    const nine = String(100_000_000 + k).slice(-9);
    const d = taxCodeCheckDigit(nine);
    if (d !== null) return nine + d;
  }
}

function conflict(n: number, year: number) {
  const at = new Date(Date.UTC(year, 0, 1 + (n % 300)));
  const tax = taxCode(10_000 + n * 7);
  const a = AGENCIES[n % AGENCIES.length];
  const b = AGENCIES[(n + 3) % AGENCIES.length];
  return {
    _id: `bench-${year}-${n}`,
    ruleId: n % 3 ? 'nq198.once-a-year' : 'nq198.window-overlap',
    family: n % 3 ? 'frequency' : 'overlap',
    rulebook: { id: 'nq198', title: 'Nghị quyết 198/2025/QH15' },
    severity: n % 5 ? 'block' : 'warn',
    taxCode: tax,
    enterpriseName: `Công ty cổ phần thử nghiệm số ${n}`,
    year,
    inspectionIds: [`i-${n}-a`, `i-${n}-b`],
    agencyCodes: [a, b],
    facts: {
      windows: [
        { from: `${year}-03-01`, to: `${year}-03-20` },
        { from: `${year}-03-10`, to: `${year}-03-31` },
      ],
      agencies: [a, b],
    },
    explanation: {
      vi: `Doanh nghiệp ${tax} bị kiểm tra hai lần trong năm ${year} bởi ${a} và ${b}.`,
      en: `Enterprise ${tax} is inspected twice in ${year} by ${a} and ${b}.`,
    },
    legalBasis: { vi: 'Khoản 2 Điều 4 Nghị quyết 198/2025/QH15', en: 'Art. 4(2) NQ198' },
    status: n % 4 ? 'open' : 'closed',
    history: [
      { at, actor: 'import', action: 'detected' },
      { at, actor: 'scheduler', action: 'refreshed' },
    ],
    revision: 1,
    firstDetectedAt: at,
    lastDetectedAt: at,
    lastDetectedMs: at.getTime(),
    factsHash: `h${n}`,
    createdAt: at,
    updatedAt: at,
  };
}

async function insert(model: Model<unknown>, year: number, from: number, to: number) {
  for (let i = from; i < to; i += 1000) {
    const docs = [];
    for (let n = i; n < Math.min(to, i + 1000); n++) docs.push(conflict(n, year));
    await model.collection.insertMany(docs as never[]);
  }
}

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_RATE_LIMIT: '1000000',
  });
  const bench = await startBenchApp('conflicts_page');
  try {
    console.log(`backend: ${bench.backend}`);
    const http = request.agent(bench.app.getHttpServer());
    await http.post('/auth/login').send(ADMIN).expect(200);
    const model = bench.app.get<Model<unknown>>(getModelToken('Conflict'));
    await insert(model, YEAR - 1, 0, 3_000);

    let stored = 0;
    for (const size of [7_000, 14_000]) {
      await insert(model, YEAR, stored, size);
      stored = size;
      const pages = Math.ceil(size / 50);
      for (const [label, path] of [
        ['first page', `/conflicts?year=${YEAR}`],
        ['middle page', `/conflicts?year=${YEAR}&page=${Math.floor(pages / 2)}`],
        ['last page', `/conflicts?year=${YEAR}&page=${pages}`],
        ['open, first page', `/conflicts?year=${YEAR}&status=open`],
      ]) {
        const times: number[] = [];
        // CPU time beside wall time: the server runs in this process, and the machine may
        // be shared (wall time then includes waiting for a core).
        const cpus: number[] = [];
        let total = 0;
        for (let r = 0; r < RUNS + 5; r++) {
          const started = process.hrtime.bigint();
          const cpu = process.cpuUsage();
          const res = await http.get(path).expect(200);
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const used = process.cpuUsage(cpu);
          if (r >= 5) {
            // the first few warm the caches
            times.push(ms);
            cpus.push((used.user + used.system) / 1000);
          }
          total = res.body.total;
        }
        times.sort((x, y) => x - y);
        cpus.sort((x, y) => x - y);
        console.log(
          `${size} conflicts of ${YEAR}, ${label} (total ${total}): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; CPU p50 ${percentile(cpus, 50).toFixed(1)} ms`,
        );
      }
    }
  } finally {
    await bench.close();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
