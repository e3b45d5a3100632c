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
const ISSUED = 'an issued bench password 2026';
const OWN = 'a bench password of my own 2026';
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
    // The science agency's plan approved: its 500 inspections have lives and deadlines (the
    // officer's home), and one of them a verification code (the public page).
    await http.post(`/plans/${planIds[0]}/submit`).set('x-csrf-token', csrf).send({}).expect(200);
    await http
      .post(`/plans/${planIds[0]}/approve`)
      .set('x-csrf-token', csrf)
      .send({ decision: { number: '01/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    const approved = (await http.get(`/plans/${planIds[0]}`).expect(200)).body.inspections;
    const lived = approved[0].id as string;
    const code = (await http.get(`/inspections/${lived}/lifecycle`).expect(200)).body
      .registrationCode as string;
    const draft = (await http.get(`/plans/${planIds[1]}`).expect(200)).body.inspections[0];
    await http
      .patch(`/enterprises/${someConflict.taxCode}`)
      .set('x-csrf-token', csrf)
      .send({ publicFeed: true })
      .expect(200);
    // A meeting on one agency's open conflicts of the year, and one on the whole year's.
    const meeting = (scope: Record<string, unknown>) =>
      http
        .post('/meetings')
        .set('x-csrf-token', csrf)
        .send({
          title: 'Họp phối hợp',
          start: '2026-12-20T08:00:00+07:00',
          end: '2026-12-20T11:00:00+07:00',
          place: 'Phòng họp Thanh tra tỉnh',
          chair: 'Phó Chánh Thanh tra tỉnh',
          agencyCodes: ['TTT', ...AGENCIES],
          scope: { year: 2026, ...scope },
        })
        .expect(201)
        .then((r) => r.body.id as string);
    const agencyMeeting = await meeting({ agencyCodes: ['SNV'] });
    const yearMeeting = await meeting({});
    const rows = Array.from(
      { length: ROWS_PER_AGENCY },
      (_, i) =>
        `${i + 1},Công ty ${makeTaxCode(1_000 + i * 17)},${makeTaxCode(1_000 + i * 17)},Kiểm tra,Đo lường,Tháng ${1 + (i % 12)}/2027,Kiểm tra,,,`,
    );
    const preview = (
      await http
        .post('/plans/import/preview')
        .set('x-csrf-token', csrf)
        .field('agencyCode', 'SYT')
        .field('year', '2027')
        .attach('file', Buffer.from(`\ufeff${[HEADER, ...rows].join('\r\n')}\r\n`), 'SYT.csv')
        .expect(201)
    ).body.previewId as string;

    // An account per role, signed in and past the issued password, as a person would be.
    const signedIn = async (username: string, roles: string[], agencyCodes: string[]) => {
      await http
        .post('/users')
        .set('x-csrf-token', csrf)
        .send({ username, displayName: username, roles, agencyCodes, password: ISSUED })
        .expect(201);
      const agent = request.agent(bench.app.getHttpServer());
      const session = await agent.post('/auth/login').send({ username, password: ISSUED });
      await agent
        .post('/auth/password')
        .set('x-csrf-token', session.body.csrfToken)
        .send({ currentPassword: ISSUED, newPassword: OWN })
        .expect(200);
      return agent;
    };
    const officer = await signedIn('bench-officer', ['officer'], ['SKHCN']);
    const viewer = await signedIn('bench-viewer', ['viewer'], []);
    const anonymous = request(bench.app.getHttpServer());
    type Agent = typeof http | typeof anonymous;

    const pages: Array<[string, string, Agent]> = [
      ['coordinator home', '/web?year=2026', http],
      ['officer home (500 with deadlines)', '/web?year=2026', officer],
      ['leadership home', '/web?year=2026', viewer],
      ['plans', '/web/plans?year=2026', http],
      ['plan (500 inspections)', `/web/plans/${planIds[0]}`, http],
      ['plan, page 5', `/web/plans/${planIds[0]}?page=5`, http],
      ['upload', '/web/plans/import?agencyCode=SYT&year=2027', http],
      ['upload preview (500 rows)', `/web/plans/import/preview/${preview}`, http],
      ['inspection (with its life)', `/web/inspections/${lived}`, http],
      ['inspection, new', `/web/plans/${planIds[1]}/inspections/new`, http],
      ['inspection, edit', `/web/inspections/${draft.id}/edit`, http],
      ['enterprise', `/web/enterprises/${someConflict.taxCode}`, http],
      ['enterprise (officer)', `/web/enterprises/${someConflict.taxCode}`, officer],
      ['conflicts board', '/web/conflicts?year=2026&status=open', http],
      ['conflicts board, page 20', '/web/conflicts?year=2026&status=open&page=20', http],
      [
        'conflicts board, agency + rule',
        '/web/conflicts?year=2026&status=all&agencyCode=SNV&rule=nq198.window-overlap',
        http,
      ],
      ['conflicts board (officer)', '/web/conflicts?year=2026&status=open', officer],
      ['conflict', `/web/conflicts/${someConflict.id}`, http],
      ['meetings', '/web/meetings', http],
      ['meeting (one agency)', `/web/meetings/${agencyMeeting}`, http],
      ['meeting (whole year)', `/web/meetings/${yearMeeting}`, http],
      ['calendars', '/web/feeds', http],
      ['notifications', '/web/notifications', officer],
      ['reports', '/web/reports?year=2026', viewer],
      ['admin accounts', '/web/admin/accounts', http],
      ['admin agencies', '/web/admin/agencies', http],
      ['admin fields', '/web/admin/fields', http],
      ['public schedule', `/public/enterprises/${someConflict.taxCode}`, anonymous],
      ['verification', `/verify/${code.replace('-', '')}`, anonymous],
      ['sign-in', '/web/login', anonymous],
      ['API: GET /reports/2026', '/reports/2026', http],
    ];
    const time = async (
      label: string,
      path: string,
      agent: Agent,
      before?: (i: number) => Promise<unknown>,
    ) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        await before?.(i);
        const started = process.hrtime.bigint();
        await agent.get(path).expect(200);
        if (i >= 2) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      process.stdout.write(
        `${label.padEnd(44)} median ${quantile(times, 0.5).toFixed(1).padStart(6)} ms, p95 ${quantile(times, 0.95).toFixed(1).padStart(6)} ms\n`,
      );
    };
    for (const [label, path, agent] of pages) await time(label, path, agent);
    // Pages kept per data version: what the first reader after a write waits for. An agency
    // renamed changes no figure but is one the report reads; an inspection moved is read by
    // the inspection figures; a conflict exempted by the conflict figures.
    const rename = (i: number) =>
      http
        .patch('/agencies/TTT')
        .set('x-csrf-token', csrf)
        .send({ name: i % 2 ? 'Thanh tra tỉnh' : 'Thanh tra tỉnh (đổi tên)' })
        .expect(200);
    let revision = draft.revision as number;
    const move = async (i: number) => {
      const res = await http
        .patch(`/inspections/${draft.id}`)
        .set('x-csrf-token', csrf)
        .send({ revision, notes: `Ghi chú ${i}` })
        .expect(200);
      revision = res.body.revision;
    };
    const open = (
      await http.get('/conflicts?year=2026&status=open&pageSize=200').expect(200)
    ).body.items.map((c: { id: string }) => c.id) as string[];
    let exempted = 0;
    const exempt = () =>
      http
        .post(`/conflicts/${encodeURIComponent(open[open.length - 1 - exempted++])}/resolve`)
        .set('x-csrf-token', csrf)
        .send({ resolution: 'exempt', legalBasis: 'Điều 4 NQ198', evidence: 'Văn bản số 1' })
        .expect((r) => {
          if (r.status >= 300) throw new Error(JSON.stringify(r.body).slice(0, 400));
        });
    for (const [what, write] of [
      ['an agency renamed', rename],
      ['an inspection changed', move],
      ['a conflict exempted', exempt],
    ] as const)
      for (const [label, agent] of [
        ['coordinator home', http],
        ['leadership home', viewer],
        ['reports', viewer],
      ] as const)
        await time(
          `${label} after ${what}`,
          label === 'reports' ? '/web/reports?year=2026' : '/web?year=2026',
          agent,
          write,
        );
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
