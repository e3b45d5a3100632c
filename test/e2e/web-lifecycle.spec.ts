// An inspection's life on the pages: the detail's steps, deadlines, registration code and QR
// (LifecycleService, as GET /inspections/:id/lifecycle), the officer's deadlines due on the
// home page (held to its agencies), and /verify/:code in the site's layout (JSON unchanged).
import { createTestApp, TestApp } from '../support/app';
import { addInspection, AGENCIES, createPlan, seedAgencies, TAX } from '../support/factories';
import { pageUser, PageUser } from '../support/pages';

describe('lifecycle on the pages', () => {
  let t: TestApp;
  let officer: PageUser;
  let stranger: PageUser;
  let approved: { id: string };

  beforeAll(async () => {
    t = await createTestApp('web_lifecycle');
    await seedAgencies(t.http, [AGENCIES.inspectorate, AGENCIES.science, AGENCIES.labour]);
    t.clock.set('2026-01-05T03:00:00Z');
    const plan = await createPlan(t.http, { agencyCode: 'SKHCN', year: 2026 });
    approved = await addInspection(t.http, plan.id, {
      taxCode: TAX.saigonCoop,
      enterpriseName: 'Liên hiệp HTX Thương mại TP.HCM',
      window: { from: '2026-05-01', to: '2026-05-31' },
    });
    await t.http.post(`/plans/${plan.id}/submit`).send({}).expect(200);
    await t.http
      .post(`/plans/${plan.id}/approve`)
      .send({ decision: { number: '02/QĐ-SKHCN', date: '2026-01-05' } })
      .expect(200);
    officer = await pageUser(t, 'officer', ['SKHCN']);
    stranger = await pageUser(t, 'officer', ['SNV']);
  });
  afterAll(() => t.close());

  it('shows the life, deadlines, QR code and registration code of an approved inspection', async () => {
    const page = await officer.agent.get(`/web/inspections/${approved.id}`).expect(200);
    const code = /class="registration-code">([2-9A-Z]{4}-[2-9A-Z]{4})</.exec(page.text)?.[1];
    expect(code).toBeDefined();
    const life = (await t.http.get(`/inspections/${approved.id}/lifecycle`).expect(200)).body;
    expect(code).toBe(life.registrationCode);
    expect(page.text).toContain(`src="/inspections/${approved.id}/lifecycle/qr.png"`);
    expect(page.text).toContain(`alt="Mã QR tra cứu cuộc này, mã đăng ký ${code}"`);
    const window = life.deadlines.find((d: { ruleId: string }) => d.ruleId === 'plan.window');
    expect(page.text).toContain(window.statement.vi);
    expect(page.text).toContain('31/05/2026');
    expect(page.text).toContain('Đang chờ');
    const qr = await officer.agent.get(`/inspections/${approved.id}/lifecycle/qr.png`).expect(200);
    expect(qr.headers['content-type']).toBe('image/png');
    // The page reads as the API reads: another agency's officer is answered 404.
    await stranger.agent.get(`/web/inspections/${approved.id}`).expect(404);
  });

  it("lists the officer's deadlines due on its home page, and no one else's", async () => {
    const home = await officer.agent.get('/web').expect(200);
    expect(home.text).toContain('Thời hạn cần làm');
    expect(home.text).toContain(`href="/web/inspections/${approved.id}"`);
    const other = await stranger.agent.get('/web').expect(200);
    expect(other.text).not.toContain(`href="/web/inspections/${approved.id}"`);
    expect(other.text).toContain('Không có thời hạn nào đang chờ');
  });

  it('renders /verify/:code in the site layout and keeps its JSON', async () => {
    const life = (await t.http.get(`/inspections/${approved.id}/lifecycle`).expect(200)).body;
    const html = await t.anonymous
      .get(`/verify/${life.registrationCode}`)
      .set('accept', 'text/html')
      .expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(html.text).toContain('<link rel="stylesheet" href="/web/assets/site.css">');
    expect(html.text).toContain('<main id="main"');
    expect(html.text).toContain('<meta name="robots" content="noindex">');
    expect(html.text).toContain('Sở Khoa học và Công nghệ');
    expect(html.text).not.toContain('Đăng xuất'); // the public sees no account
    const json = await t.anonymous
      .get(`/verify/${life.registrationCode}`)
      .set('accept', 'application/json')
      .expect(200);
    expect(json.body).toMatchObject({ code: life.registrationCode, registered: true });
    const missing = await t.anonymous.get('/verify/2222-2222').set('accept', 'text/html');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<h1 class="verify-not-found">Không tìm thấy mã đăng ký</h1>');
  });
});
