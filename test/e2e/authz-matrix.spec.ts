// Who may do what, route by route: every route × every role (and no sign-in at all) is
// allowed (anything but 401/403) or denied (401 / 403 in the error format) as the table
// below says; officers and approvers are held to their agency, and a denial changes nothing.
import TestAgent from 'supertest/lib/agent';
import type { Role } from '../../src/identity/accounts/account';
import { applicationRoutes, createTestApp, TestApp } from '../support/app';
import {
  addInspection,
  AGENCIES,
  createPlan,
  inspectionInput,
  seedAgencies,
  TAX,
} from '../support/factories';

const ANY: Role[] = ['admin', 'coordinator', 'officer', 'approver', 'viewer'];
const ADMIN: Role[] = ['admin'];
const COORDINATION: Role[] = ['admin', 'coordinator'];
const PLANNING: Role[] = ['admin', 'officer'];
const APPROVAL: Role[] = ['admin', 'approver'];
const PLANNERS: Role[] = ['admin', 'coordinator', 'officer', 'approver'];
const REPORTS: Role[] = ['admin', 'coordinator', 'viewer'];
const CONDUCT: Role[] = ['admin', 'officer', 'approver'];
const PUBLIC = 'public' as const;

/** The policy table (the roles), written out independently of the code. */
const TABLE: Record<string, Role[] | typeof PUBLIC> = {
  'GET /agencies': ANY,
  'POST /agencies': ADMIN,
  'GET /agencies/:code': ANY,
  'PATCH /agencies/:code': ADMIN,
  'POST /agencies/:code/succession': ADMIN,
  'GET /audit': COORDINATION,
  'POST /auth/login': PUBLIC,
  'POST /auth/logout': ANY,
  'GET /auth/oidc/login': PUBLIC,
  'GET /auth/oidc/callback': PUBLIC,
  'GET /auth/me': ANY,
  'POST /auth/password': ANY,
  'GET /auth/tokens': ANY,
  'POST /auth/tokens': ANY,
  'DELETE /auth/tokens/:id': ANY,
  'GET /conflicts': ANY,
  'POST /conflicts/check': PLANNERS,
  'POST /conflicts/check/file': PLANNERS,
  'POST /conflicts/rescan': COORDINATION,
  'GET /conflicts/:id': ANY,
  'POST /conflicts/:id/resolve': COORDINATION,
  'GET /enterprises': ANY,
  'GET /enterprises/:taxCode': ANY,
  'PATCH /enterprises/:taxCode': COORDINATION,
  'GET /feeds': COORDINATION,
  'POST /feeds': ANY,
  'DELETE /feeds/:id': COORDINATION,
  'GET /feeds/:token/:file': PUBLIC,
  'GET /public/enterprises/:taxCode/:file': PUBLIC,
  'GET /fields': ANY,
  'GET /fields/:code': ANY,
  'POST /fields': ADMIN,
  'PATCH /fields/:code': ADMIN,
  'DELETE /fields/:code': ADMIN,
  'GET /health': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /inspections': ANY,
  'GET /inspections/:id': ANY,
  'PATCH /inspections/:id': PLANNING,
  'GET /inspections/:id/lifecycle': ANY,
  'GET /inspections/:id/lifecycle/qr.png': ANY,
  'POST /inspections/:id/lifecycle/decision': CONDUCT,
  'POST /inspections/:id/lifecycle/announcement': CONDUCT,
  'POST /inspections/:id/lifecycle/on-site/start': CONDUCT,
  'POST /inspections/:id/lifecycle/on-site/extension': CONDUCT,
  'POST /inspections/:id/lifecycle/on-site/suspension': CONDUCT,
  'POST /inspections/:id/lifecycle/on-site/end': CONDUCT,
  'POST /inspections/:id/lifecycle/results-report': CONDUCT,
  'POST /inspections/:id/lifecycle/draft-conclusion': CONDUCT,
  'POST /inspections/:id/lifecycle/conclusion': CONDUCT,
  'POST /inspections/:id/lifecycle/publication': CONDUCT,
  'POST /inspections/:id/lifecycle/follow-ups': CONDUCT,
  'POST /inspections/:id/lifecycle/not-carried-out': CONDUCT,
  'GET /deadlines': ANY,
  'GET /verify/:code': PUBLIC,
  'GET /meetings': ANY,
  'POST /meetings': COORDINATION,
  'GET /meetings/:id': ANY,
  'PATCH /meetings/:id': COORDINATION,
  'POST /meetings/:id/agenda/refresh': COORDINATION,
  'POST /meetings/:id/decisions': COORDINATION,
  'GET /meetings/:id/minutes.docx': ANY,
  'GET /notifications/outbox': ADMIN,
  'GET /notifications/preferences': ANY,
  'PUT /notifications/preferences': ANY,
  'GET /notifications/unsubscribe/:token': PUBLIC,
  'POST /notifications/unsubscribe/:token': PUBLIC,
  'GET /plans': ANY,
  'POST /plans': PLANNING,
  'GET /plans/export': ANY,
  'POST /plans/import': PLANNING,
  'POST /plans/import/preview': PLANNING,
  'GET /plans/import/preview/:id': PLANNING,
  'PATCH /plans/import/preview/:id/rows/:n': PLANNING,
  'POST /plans/import/preview/:id/commit': PLANNING,
  'GET /plans/import/template': ANY,
  'GET /plans/:id': ANY,
  'POST /plans/:id/approve': APPROVAL,
  'POST /plans/:id/inspections': PLANNING,
  'POST /plans/:id/return': APPROVAL,
  'POST /plans/:id/revise': APPROVAL,
  'GET /plans/:id/revisions': ANY,
  'GET /plans/:id/revisions/:revision': ANY,
  'POST /plans/:id/submit': APPROVAL,
  'POST /plans/:id/withdraw': APPROVAL,
  'GET /reports/:year': REPORTS,
  'GET /reports/:year/ddci': REPORTS,
  'GET /reports/:year/report.xlsx': REPORTS,
  'GET /users': ADMIN,
  'POST /users': ADMIN,
  'GET /users/:id': ADMIN,
  'PATCH /users/:id': ADMIN,
  // The pages: the same roles as the API routes they stand for.
  'GET /': PUBLIC,
  'GET /public/enterprises/:taxCode': PUBLIC,
  'GET /web': ANY,
  'GET /web/*path': PUBLIC,
  'GET /web/admin/accounts': ADMIN,
  'POST /web/admin/accounts': ADMIN,
  'GET /web/admin/agencies': ADMIN,
  'POST /web/admin/agencies': ADMIN,
  'GET /web/admin/agencies/:code': ADMIN,
  'POST /web/admin/agencies/:code': ADMIN,
  'GET /web/admin/accounts/:id': ADMIN,
  'POST /web/admin/accounts/:id': ADMIN,
  'POST /web/admin/accounts/:id/password': ADMIN,
  'GET /web/admin/fields': ADMIN,
  'POST /web/admin/fields': ADMIN,
  'GET /web/admin/fields/:code': ADMIN,
  'POST /web/admin/fields/:code': ADMIN,
  'GET /web/assets/:file': PUBLIC,
  'GET /web/conflicts': ANY,
  'GET /web/conflicts/:id': ANY,
  'POST /web/conflicts/:id/resolve': COORDINATION,
  'GET /web/enterprises/:taxCode': ANY,
  'GET /web/feeds': ANY,
  'POST /web/feeds': ANY,
  'POST /web/feeds/:id/revoke': COORDINATION,
  'GET /web/inspections/:id': ANY,
  'POST /web/inspections/:id': PLANNING,
  'POST /web/inspections/:id/steps/:step': CONDUCT,
  'GET /web/inspections/:id/edit': PLANNING,
  'GET /web/login': PUBLIC,
  'POST /web/login': PUBLIC,
  'POST /web/logout': ANY,
  'GET /web/meetings': ANY,
  'POST /web/meetings': COORDINATION,
  'GET /web/meetings/:id': ANY,
  'POST /web/meetings/:id/decisions': COORDINATION,
  'POST /web/meetings/:id/status': COORDINATION,
  'GET /web/notifications': ANY,
  'POST /web/notifications': ANY,
  'GET /web/password': ANY,
  'POST /web/password': ANY,
  'GET /web/plans': ANY,
  'GET /web/plans/import': PLANNING,
  'POST /web/plans/import': PLANNING,
  'GET /web/plans/import/preview/:id': PLANNING,
  'POST /web/plans/import/preview/:id/commit': PLANNING,
  'POST /web/plans/import/preview/:id/rows/:n': PLANNING,
  'GET /web/plans/:id': ANY,
  'POST /web/plans/:id/inspections': PLANNING,
  'GET /web/plans/:id/inspections/new': PLANNING,
  'POST /web/plans/:id/approve': APPROVAL,
  'POST /web/plans/:id/return': APPROVAL,
  'POST /web/plans/:id/revise': APPROVAL,
  'POST /web/plans/:id/submit': APPROVAL,
  'POST /web/plans/:id/withdraw': APPROVAL,
  'GET /web/reports': REPORTS,
};

// Parameters that name nothing: an allowed call answers 404/422, never a change.
const PARAMS: Record<string, string> = {
  id: 'does-not-exist',
  code: 'ZZZ',
  taxCode: TAX.viettelPost,
  year: '2026',
  token: 'not-a-token',
  file: 'calendar.ics',
  revision: '1',
};
const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name]);

type Who = Role | 'anonymous';
const EVERYONE: Who[] = ['anonymous', ...ANY];

describe('authorization matrix', () => {
  let t: TestApp;
  const agents = {} as Record<Who, TestAgent>;
  const usernames = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp('authz_matrix');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    agents.anonymous = t.anonymous;
    agents.admin = t.http;
    usernames.admin = 'anh.nv';
    for (const role of ['coordinator', 'officer', 'approver', 'viewer'] as const) {
      const signedIn = await t.signIn(role, { agencyCodes: [AGENCIES.science.code] });
      agents[role] = signedIn.http;
      usernames[role] = signedIn.username;
    }
  });
  afterAll(() => t.close());

  it('has a row for every route of the application', () => {
    const routes = applicationRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    expect(routes.sort()).toEqual(Object.keys(TABLE).sort());
  });

  const cases = Object.entries(TABLE).flatMap(([route, allowed]) =>
    EVERYONE.map(
      (who) =>
        [route, who, allowed === PUBLIC || (who !== 'anonymous' && allowed.includes(who))] as const,
    ),
  );

  it.each(cases)('%s as %s: allowed %s', async (route, who, allowed) => {
    const [method, path] = route.split(' ');
    const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    const call = agents[who][verb](concrete(path));
    const res = await (verb === 'get' || verb === 'delete' ? call : call.send({}));
    const page = path.startsWith('/web');
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
      if (page) expect(res.headers.location ?? '').not.toMatch(/^\/web\/login\?next=/);
    } else if (page) {
      // Pages answer people: the sign-in page (then back), or a page saying why not.
      if (who === 'anonymous') {
        expect(res.status).toBe(302);
        expect(res.headers.location).toMatch(/^\/web\/login\?next=/);
      } else {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('Không có quyền truy cập');
      }
    } else if (who === 'anonymous') {
      expect([res.status, res.body]).toEqual([
        401,
        { statusCode: 401, code: 'NOT_AUTHENTICATED', message: 'Sign in first' },
      ]);
    } else {
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'statusCode']);
    }
  });

  describe('reads within agency scope (officer and approver of SKHCN)', () => {
    const YEAR = 2029;
    let own: { id: string };
    let other: { id: string };
    let ownInspection: { id: string };
    let otherInspection: { id: string };
    let jointInspection: { id: string };
    let foreignConflict: { id: string };
    const notFound = (res: { status: number; body: { code?: string } }, code: string) =>
      expect([res.status, res.body.code]).toEqual([404, code]);
    const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

    beforeAll(async () => {
      own = await createPlan(t.http, { agencyCode: AGENCIES.science.code, year: YEAR });
      other = await createPlan(t.http, { agencyCode: AGENCIES.labour.code, year: YEAR });
      const third = await createPlan(t.http, {
        agencyCode: AGENCIES.inspectorate.code,
        year: YEAR,
      });
      ownInspection = await addInspection(t.http, own.id, {
        taxCode: TAX.vnpt,
        window: { from: `${YEAR}-03-02`, to: `${YEAR}-03-13` },
      });
      otherInspection = await addInspection(t.http, other.id, {
        taxCode: TAX.saigonCoop,
        window: { from: `${YEAR}-05-04`, to: `${YEAR}-05-15` },
      });
      // SNV's inspection SKHCN takes part in: involved, so readable by SKHCN.
      jointInspection = await addInspection(t.http, other.id, {
        taxCode: TAX.viettelPost,
        window: { from: `${YEAR}-09-07`, to: `${YEAR}-09-18` },
        participantAgencyCodes: [AGENCIES.science.code],
      });
      // TTT inspects Saigon Co.op in the same weeks as SNV: a conflict not touching SKHCN.
      await addInspection(t.http, third.id, {
        taxCode: TAX.saigonCoop,
        window: { from: `${YEAR}-05-11`, to: `${YEAR}-05-22` },
      });
      const conflicts = (await t.http.get(`/conflicts?year=${YEAR}&taxCode=${TAX.saigonCoop}`)).body
        .items as { id: string; agencyCodes: string[] }[];
      foreignConflict = conflicts.find((c) => !c.agencyCodes.includes('SKHCN'))!;
      expect(foreignConflict).toBeDefined();
    });

    it('officer and approver list only their agency’s plans; viewer every agency’s', async () => {
      for (const who of ['officer', 'approver'] as const) {
        const plans = (await agents[who].get(`/plans?year=${YEAR}`).expect(200)).body;
        expect([plans.total, ids(plans.items)]).toEqual([1, [own.id]]);
        const asked = (await agents[who].get(`/plans?year=${YEAR}&agencyCode=SNV`).expect(200))
          .body;
        expect([asked.total, asked.items]).toEqual([0, []]);
      }
      expect((await agents.viewer.get(`/plans?year=${YEAR}`).expect(200)).body.total).toBe(3);
      expect((await agents.coordinator.get(`/plans?year=${YEAR}`).expect(200)).body.total).toBe(3);
    });

    it("another agency's plan is not found for them, as a missing one would be", async () => {
      for (const who of ['officer', 'approver'] as const) {
        notFound(await agents[who].get(`/plans/${other.id}`), 'PLAN_NOT_FOUND');
        notFound(await agents[who].get(`/plans/${other.id}/revisions`), 'PLAN_NOT_FOUND');
        notFound(await agents[who].get(`/plans/${other.id}/revisions/1`), 'PLAN_NOT_FOUND');
        const mine = (await agents[who].get(`/plans/${own.id}`).expect(200)).body;
        expect(ids(mine.inspections)).toEqual([ownInspection.id]);
      }
      const seen = (await agents.viewer.get(`/plans/${other.id}`).expect(200)).body;
      expect(seen.inspectionCount).toBe(2);
    });

    it('inspections: those involving the agency (registering, lead or participant)', async () => {
      const listed = (await agents.officer.get(`/inspections?year=${YEAR}`).expect(200)).body;
      expect(ids(listed.items)).toEqual(ids([ownInspection, jointInspection]));
      const bySnv = (await agents.officer.get(`/inspections?year=${YEAR}&agencyCode=SNV`)).body;
      expect(ids(bySnv.items)).toEqual([jointInspection.id]);
      notFound(
        await agents.officer.get(`/inspections/${otherInspection.id}`),
        'INSPECTION_NOT_FOUND',
      );
      await agents.officer.get(`/inspections/${jointInspection.id}`).expect(200);
      // Its life and QR code are held to the same scope.
      notFound(
        await agents.officer.get(`/inspections/${otherInspection.id}/lifecycle`),
        'INSPECTION_NOT_FOUND',
      );
      notFound(
        await agents.officer.get(`/inspections/${otherInspection.id}/lifecycle/qr.png`),
        'INSPECTION_NOT_FOUND',
      );
      expect(
        (await agents.officer.get(`/inspections/${jointInspection.id}/lifecycle`)).status,
      ).not.toBe(404);
      await agents.approver.get(`/inspections/${ownInspection.id}`).expect(200);
      await agents.viewer.get(`/inspections/${otherInspection.id}`).expect(200);
      const all = (await agents.viewer.get(`/inspections?year=${YEAR}`).expect(200)).body;
      expect(all.total).toBe(4);
    });

    it("the plan export holds only the agency's own plans' rows", async () => {
      const csv = (await agents.officer.get(`/plans/export?year=${YEAR}&format=csv`).expect(200))
        .text;
      expect(csv).toContain(TAX.vnpt);
      expect(csv).not.toContain(TAX.saigonCoop);
      const full = (await agents.viewer.get(`/plans/export?year=${YEAR}&format=csv`).expect(200))
        .text;
      expect(full).toContain(TAX.saigonCoop);
    });

    it('an enterprise shows them only its inspections and conflicts touching the agency', async () => {
      const seen = (await agents.officer.get(`/enterprises/${TAX.saigonCoop}`).expect(200)).body;
      expect(seen.taxCode).toBe(TAX.saigonCoop);
      expect(seen.inspections.filter((i: { year: number }) => i.year === YEAR)).toEqual([]);
      expect(ids(seen.conflicts)).not.toContain(foreignConflict.id);
      const whole = (await agents.viewer.get(`/enterprises/${TAX.saigonCoop}`).expect(200)).body;
      expect(ids(whole.inspections)).toContain(otherInspection.id);
      expect(ids(whole.conflicts)).toContain(foreignConflict.id);
    });

    it('meetings: only those inviting or scoped to the agency, with the agenda items touching it', async () => {
      const meeting = (agencyCodes: string[]) => ({
        title: 'Họp phối hợp kế hoạch thanh tra năm 2029',
        start: `${YEAR}-01-15T08:00:00+07:00`,
        end: `${YEAR}-01-15T11:00:00+07:00`,
        place: 'Phòng họp số 2, Thanh tra tỉnh',
        chair: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An',
        agencyCodes,
        scope: { year: YEAR },
      });
      const invited = (await t.http.post('/meetings').send(meeting(['TTT', 'SKHCN', 'SNV']))).body;
      const elsewhere = (await t.http.post('/meetings').send(meeting(['TTT', 'SNV']))).body;
      const agendaOf = (m: { agenda: { conflictId: string }[] }) =>
        m.agenda.map((a) => a.conflictId);
      expect(agendaOf(invited)).toContain(foreignConflict.id);

      const listed = (await agents.officer.get(`/meetings?year=${YEAR}`).expect(200)).body;
      expect([listed.total, ids(listed.items)]).toEqual([1, [invited.id]]);
      notFound(await agents.officer.get(`/meetings/${elsewhere.id}`), 'MEETING_NOT_FOUND');
      notFound(
        await agents.officer.get(`/meetings/${elsewhere.id}/minutes.docx`),
        'MEETING_NOT_FOUND',
      );
      const seen = (await agents.officer.get(`/meetings/${invited.id}`).expect(200)).body;
      expect(agendaOf(seen)).not.toContain(foreignConflict.id);
      for (const item of seen.agenda) expect(item.conflict.agencyCodes).toContain('SKHCN');
      await agents.officer.get(`/meetings/${invited.id}/minutes.docx`).expect(200);

      expect((await agents.viewer.get(`/meetings?year=${YEAR}`).expect(200)).body.total).toBe(2);
      const whole = (await agents.viewer.get(`/meetings/${invited.id}`).expect(200)).body;
      expect(agendaOf(whole)).toContain(foreignConflict.id);
    });
  });

  describe('agency scope (officer and approver of SKHCN)', () => {
    let own: { id: string };
    let other: { id: string };
    let ownInspection: { id: string };
    let otherInspection: { id: string };
    const scopeDenied = (res: { status: number; body: { code?: string } }) =>
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN_SCOPE']);

    beforeAll(async () => {
      own = await createPlan(t.http, { agencyCode: AGENCIES.science.code, year: 2027 });
      other = await createPlan(t.http, { agencyCode: AGENCIES.labour.code, year: 2027 });
      ownInspection = await addInspection(t.http, own.id, {
        window: { from: '2027-03-01', to: '2027-03-31' },
      });
      otherInspection = await addInspection(t.http, other.id, {
        taxCode: TAX.saigonCoop,
        window: { from: '2027-05-01', to: '2027-05-31' },
      });
    });

    const planOf = async (id: string) => (await t.http.get(`/plans/${id}`).expect(200)).body;

    it('officer: creates plans only for its agency', async () => {
      const before = (await t.http.get('/plans?agencyCode=SNV').expect(200)).body.total;
      scopeDenied(
        await agents.officer.post('/plans').send({ agencyCode: 'snv', year: 2028, kind: 'annual' }),
      );
      expect((await t.http.get('/plans?agencyCode=SNV').expect(200)).body.total).toBe(before);
      const created = await agents.officer
        .post('/plans')
        .send({ agencyCode: 'SKHCN', year: 2028, kind: 'annual' })
        .expect(201);
      expect(created.body.createdBy).toBe(usernames.officer);
    });

    it("officer: adds and edits inspections only in its agency's plans", async () => {
      const input = inspectionInput({
        taxCode: TAX.viettelPost,
        window: { from: '2027-07-01', to: '2027-07-31' },
      });
      scopeDenied(await agents.officer.post(`/plans/${other.id}/inspections`).send(input));
      expect(
        (await t.http.get(`/inspections?year=2027&agencyCode=SNV`).expect(200)).body.total,
      ).toBe(1);
      scopeDenied(
        await agents.officer
          .patch(`/inspections/${otherInspection.id}`)
          .send({ revision: 1, content: 'Sửa trái phép' }),
      );
      const untouched = (await t.http.get(`/inspections/${otherInspection.id}`).expect(200)).body;
      expect([untouched.revision, untouched.content]).toEqual([
        1,
        'Kiểm tra việc chấp hành pháp luật về đo lường',
      ]);

      await agents.officer.post(`/plans/${own.id}/inspections`).send(input).expect(201);
      const edited = await agents.officer
        .patch(`/inspections/${ownInspection.id}`)
        .set('user-agent', 'authz-matrix/1')
        .send({ revision: 1, content: 'Nội dung đã sửa' })
        .expect(200);
      expect(edited.body.updatedBy).toBe(usernames.officer);
    });

    it('officer: imports only for its agency', async () => {
      const res = await agents.officer
        .post('/plans/import')
        .field('agencyCode', 'SNV')
        .field('year', '2027')
        .attach('file', Buffer.from('a,b\n1,2\n'), 'plan.csv');
      scopeDenied(res);
      expect(
        (await t.http.get(`/inspections?year=2027&agencyCode=SNV`).expect(200)).body.total,
      ).toBe(1);
    });

    it("approver: submits and withdraws only its agency's plans", async () => {
      scopeDenied(await agents.approver.post(`/plans/${other.id}/submit`).send({}));
      scopeDenied(
        await agents.approver
          .post(`/plans/${other.id}/approve`)
          .send({ decision: { number: '1/QĐ', date: '2027-01-05' } }),
      );
      scopeDenied(
        await agents.approver.post(`/plans/${other.id}/withdraw`).send({ reason: 'Không' }),
      );
      expect((await planOf(other.id)).status).toBe('draft');

      await agents.approver.post(`/plans/${own.id}/submit`).send({}).expect(200);
      const withdrawn = await agents.approver
        .post(`/plans/${own.id}/withdraw`)
        .send({ reason: 'Rút theo chỉ đạo' })
        .expect(200);
      expect([withdrawn.body.status, withdrawn.body.updatedBy]).toEqual([
        'withdrawn',
        usernames.approver,
      ]);
    });

    it('an admin or a coordinator is not held to an agency', async () => {
      await t.http
        .post(`/plans/${other.id}/inspections`)
        .send(
          inspectionInput({ taxCode: TAX.vnpt, window: { from: '2027-09-01', to: '2027-09-30' } }),
        )
        .expect(201);
    });

    it('officer: subscribes only to what it may see', async () => {
      scopeDenied(await agents.officer.post('/feeds').send({ scope: 'province' }));
      scopeDenied(await agents.officer.post('/feeds').send({ scope: 'agency', ref: 'SNV' }));
      scopeDenied(await agents.officer.post('/feeds').send({ scope: 'meetings' }));
      expect((await t.http.get('/feeds').expect(200)).body).toEqual([]);
      // An enterprise feed lists every agency's inspections of it: not for an agency account.
      scopeDenied(await agents.officer.post('/feeds').send({ scope: 'enterprise', ref: TAX.vnpt }));
      expect((await t.http.get('/feeds').expect(200)).body).toEqual([]);
      await agents.officer.post('/feeds').send({ scope: 'agency', ref: 'SKHCN' }).expect(201);
      await agents.viewer.post('/feeds').send({ scope: 'province' }).expect(201);
      await agents.viewer.post('/feeds').send({ scope: 'enterprise', ref: TAX.vnpt }).expect(201);
    });

    it('audits the account, its credential hash, IP and user agent', async () => {
      const trail = await t.http
        .get(`/audit?entityType=inspection&entityId=${ownInspection.id}`)
        .expect(200);
      expect(trail.body.items[0]).toMatchObject({
        action: 'updated',
        actor: usernames.officer,
        credentialHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      });
      expect(trail.body.items[0].userAgent).toBe('authz-matrix/1');
    });

    it('no longer trusts X-Actor', async () => {
      const plan = await t.http
        .post('/plans')
        .set('x-actor', encodeURIComponent('Kẻ mạo danh'))
        .send({ agencyCode: 'TTT', year: 2027, kind: 'annual' })
        .expect(201);
      expect(plan.body.createdBy).toBe(usernames.admin);
    });

    it("officer: an abolished agency's records are its successor's to read and carry on", async () => {
      await t.http
        .post('/agencies')
        .send({ code: 'STTTT', name: 'Sở Thông tin và Truyền thông', kind: 'specialised' })
        .expect(201);
      const plan = await createPlan(t.http, { agencyCode: 'STTTT', year: 2027 });
      const inherited = await addInspection(t.http, plan.id, {
        taxCode: TAX.viettelPost,
        window: { from: '2027-09-01', to: '2027-09-30' },
      });
      // Still its own agency's: SKHCN may neither read nor edit it.
      expect((await agents.officer.get(`/inspections/${inherited.id}`)).status).toBe(404);
      scopeDenied(
        await agents.officer
          .patch(`/inspections/${inherited.id}`)
          .send({ revision: 1, content: 'Chưa được giao' }),
      );
      await t.http
        .post('/agencies/STTTT/succession')
        .send({ successorCode: 'SKHCN', validTo: '2025-02-28' })
        .expect(200);
      expect((await agents.officer.get(`/inspections/${inherited.id}`)).status).toBe(200);
      const edited = await agents.officer
        .patch(`/inspections/${inherited.id}`)
        .send({ revision: 1, content: 'Sở KH&CN tiếp nhận' })
        .expect(200);
      expect(edited.body.updatedBy).toBe(usernames.officer);
      await agents.officer
        .post(`/plans/${plan.id}/inspections`)
        .send(
          inspectionInput({
            taxCode: TAX.saigonCoop,
            window: { from: '2027-10-01', to: '2027-10-31' },
          }),
        )
        .expect(201);
    });
  });
});
