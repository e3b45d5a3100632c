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
const PUBLIC = 'public' as const;

/** The policy table (the roles), written out independently of the code. */
const TABLE: Record<string, Role[] | typeof PUBLIC> = {
  'GET /agencies': ANY,
  'POST /agencies': ADMIN,
  'GET /agencies/:code': ANY,
  'PATCH /agencies/:code': ADMIN,
  'GET /audit': COORDINATION,
  'POST /auth/login': PUBLIC,
  'POST /auth/logout': ANY,
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
  'GET /health': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /inspections': ANY,
  'GET /inspections/:id': ANY,
  'PATCH /inspections/:id': PLANNING,
  'GET /meetings': ANY,
  'POST /meetings': COORDINATION,
  'GET /meetings/:id': ANY,
  'PATCH /meetings/:id': COORDINATION,
  'POST /meetings/:id/agenda/refresh': COORDINATION,
  'POST /meetings/:id/decisions': COORDINATION,
  'GET /meetings/:id/minutes.docx': ANY,
  'GET /plans': ANY,
  'POST /plans': PLANNING,
  'GET /plans/export': ANY,
  'POST /plans/import': PLANNING,
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
  'GET /web/assets/:file': PUBLIC,
  'GET /web/conflicts': ANY,
  'GET /web/conflicts/:id': ANY,
  'POST /web/conflicts/:id/resolve': COORDINATION,
  'GET /web/enterprises/:taxCode': ANY,
  'GET /web/feeds': ANY,
  'POST /web/feeds': ANY,
  'POST /web/feeds/:id/revoke': COORDINATION,
  'GET /web/inspections/:id': ANY,
  'GET /web/login': PUBLIC,
  'POST /web/login': PUBLIC,
  'POST /web/logout': ANY,
  'GET /web/meetings': ANY,
  'POST /web/meetings': COORDINATION,
  'GET /web/meetings/:id': ANY,
  'POST /web/meetings/:id/decisions': COORDINATION,
  'POST /web/meetings/:id/status': COORDINATION,
  'GET /web/password': ANY,
  'POST /web/password': ANY,
  'GET /web/plans': ANY,
  'GET /web/plans/import': PLANNING,
  'POST /web/plans/import': PLANNING,
  'GET /web/plans/:id': ANY,
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
      expect((await t.http.get(`/inspections?agencyCode=SNV`).expect(200)).body.total).toBe(1);
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
      expect((await t.http.get(`/inspections?agencyCode=SNV`).expect(200)).body.total).toBe(1);
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
      await agents.officer.post('/feeds').send({ scope: 'agency', ref: 'SKHCN' }).expect(201);
      await agents.officer.post('/feeds').send({ scope: 'enterprise', ref: TAX.vnpt }).expect(201);
      await agents.viewer.post('/feeds').send({ scope: 'province' }).expect(201);
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
  });
});
