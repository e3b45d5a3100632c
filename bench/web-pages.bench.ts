// Server time of the pages for a province with 3,000 inspections a year (6 agencies × 500
// rows, imported through the real import so conflicts are detected as in production): median
// and p95 of each page over HTTP with a session cookie, then of the pages built on the year
// report right after a write (the report computed again). Goal: under 200 ms.
import request from 'supertest';
import { makeTaxCode } from '../test/support/factories';
import { startBenchApp } from './support/bench-app';

const ROWS_PER_AGENCY = Number(process.env.BENCH_WEB_ROWS ?? 500);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };
const AGENCIES = ['SKHCN', 'SNV', 'SYT', 'SCT', 'STNMT', 'SXD'];
const HEADER =
  'STT,Tên doanh nghiệp,Mã số thuế,Nội dung,Lĩnh vực,Thời gian thực hiện,Loại,Đơn vị chủ trì,Đơn vị phối hợp,Số ngày làm việc';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_RATE_LIMIT: '1000000',
    UPLOAD_LIMIT_BYTES: String(20 * 1024 * 1024),
  });
  const bench = await startBenchApp('web');
  try {
    const http = request.agent(bench.app.getHttpServer());
    const login = await http.post('/auth/login').send(ADMIN).expect(200);
    const csrf = login.body.csrfToken as string;
    await http
      .post('/agencies')
      .set('x-csrf-token', csrf)
      .send({ code: 'TTT', name: 'Thanh tra tỉnh', kind: 'inspectorate' })
      .expect(201);
    for (const code of AGENCIES)
      await http
        .post('/agencies')
        .set('x-csrf-token', csrf)
        .send({ code, name: `Sở ${code}`, kind: 'specialised' })
        .expect(201);
    // 2,000 enterprises: most inspected once, some by several agencies (the conflicts).
    const taxCodes = Array.from({ length: 2000 }, (_, i) => makeTaxCode(1_000 + i * 17));
    const random = rng(2026);
    const planIds: string[] = [];
    const t0 = Date.now();
    for (const agency of AGENCIES) {
      const seen = new Set<string>(); // one agency does not plan the same row twice
      const rows = Array.from({ length: ROWS_PER_AGENCY }, (_, i) => {
        let tax: string, month: number;
        do {
          tax = taxCodes[Math.floor(random() * taxCodes.length)];
          month = 1 + Math.floor(random() * 12);
        } while (seen.has(`${tax} ${month}`));
        seen.add(`${tax} ${month}`);
        return `${i + 1},Công ty ${tax},${tax},Kiểm tra chấp hành pháp luật,Đo lường,Tháng ${month}/2026,Kiểm tra,,,`;
      });
      const res = await http
        .post('/plans/import')
        .set('x-csrf-token', csrf)
        .field('agencyCode', agency)
        .field('year', '2026')
        .attach('file', Buffer.from(`\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`), `${agency}.csv`)
        .expect((r) => {
          if (r.status !== 201) throw new Error(JSON.stringify(r.body).slice(0, 600));
        });
      planIds.push(res.body.planId);
    }
    const conflicts = (await http.get('/conflicts?year=2026&pageSize=1').expect(200)).body.total;
    process.stdout.write(
      `seeded ${AGENCIES.length * ROWS_PER_AGENCY} inspections (${conflicts} conflicts) in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${bench.backend}\n`,
    );
    const someConflict = (await http.get('/conflicts?year=2026&pageSize=1').expect(200)).body
      .items[0];
    const pages = [
      '/web?year=2026',
      '/web/plans?year=2026',
      `/web/plans/${planIds[0]}`,
      '/web/conflicts?year=2026&status=open',
      `/web/conflicts/${someConflict.id}`,
      `/web/enterprises/${someConflict.taxCode}`,
      '/web/reports?year=2026',
      '/reports/2026', // the API figure the home and report pages build on
    ];
    const time = async (label: string, path: string, before?: (i: number) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        await before?.(i);
        const started = process.hrtime.bigint();
        await http.get(path).expect(200);
        if (i >= 2) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      process.stdout.write(
        `${label.replace(/[0-9a-f-]{36}/g, ':id').padEnd(40)} median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms\n`,
      );
    };
    for (const path of pages) await time(path, path);
    // The report is kept per data version: what the first reader after a write waits for.
    // The write (an agency renamed, not timed) changes no figure but is one the report reads.
    const rename = (i: number) =>
      http
        .patch('/agencies/TTT')
        .set('x-csrf-token', csrf)
        .send({ name: i % 2 ? 'Thanh tra tỉnh' : 'Thanh tra tỉnh (đổi tên)' })
        .expect(200);
    for (const path of ['/web?year=2026', '/web/reports?year=2026', '/reports/2026'])
      await time(`${path} after a write`, path, rename);
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
