// The sign-in pages: the same SignInService and session cookie as POST /auth/login, errors in
// Vietnamese beside the field, the issued-password step, no open redirect, CSRF on sign-out.
import request from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import { hiddenField, pageUser } from '../support/pages';

const cookies = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).join(';');

describe('sign-in pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('web_sign_in');
  });
  afterAll(() => t.close());

  it('sends / to the pages, and a page without sign-in to the sign-in page and back', async () => {
    await t.anonymous.get('/').expect(302).expect('location', '/web');
    const res = await t.anonymous.get('/web/plans?year=2026').expect(302);
    expect(res.headers.location).toBe(
      `/web/login?next=${encodeURIComponent('/web/plans?year=2026')}`,
    );
  });

  it('shows a wrong password beside the field, in Vietnamese, keeping the username', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/web/login?next=/web/conflicts').expect(200);
    expect(form.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    expect(form.text).toContain('<label for="f-username">Tên đăng nhập');
    const res = await agent
      .post('/web/login')
      .type('form')
      .send({
        _login: hiddenField(form.text, '_login'),
        username: 'anh.nv',
        password: 'sai mật khẩu rồi',
        next: '/web/conflicts',
      })
      .expect(401);
    expect(res.text).toMatch(
      /id="f-password-error"><span class="visually-hidden">Lỗi: <\/span>Tên đăng nhập hoặc mật khẩu không đúng\./,
    );
    expect(res.text).toContain('value="anh.nv"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(cookies(res)).not.toMatch(/isc_session=[^;]/);
  });

  it('refuses a sign-in form posted without its own token (login CSRF)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/web/login')
      .type('form')
      .send({ username: 'anh.nv', password: 'mật khẩu thử nghiệm 2026' })
      .expect(200);
    expect(res.text).toContain('Trang đăng nhập đã hết hạn');
    expect(cookies(res)).not.toMatch(/isc_session=[^;]/);
  });

  it('signs in with the API session cookie, then goes where it was asked, only to a page', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/web/login').expect(200);
    const res = await agent
      .post('/web/login')
      .type('form')
      .send({
        _login: hiddenField(form.text, '_login'),
        username: 'anh.nv',
        password: 'mật khẩu thử nghiệm 2026',
        next: '//evil.example/x',
      })
      .expect(303);
    expect(res.headers.location).toBe('/web');
    expect(cookies(res)).toMatch(/isc_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    // The same session the API knows.
    const me = await agent.get('/auth/me').expect(200);
    expect(me.body.account.username).toBe('anh.nv');
    await agent.get('/web/login?next=/web/plans').expect(302).expect('location', '/web/plans');
  });

  it('takes an issued password through the change step before any other page', async () => {
    await t.http
      .post('/users')
      .send({
        username: 'moi.vao',
        displayName: 'Cán bộ mới',
        roles: ['officer'],
        agencyCodes: ['SKHCN'],
        password: 'mật khẩu được cấp 2026',
      })
      .expect(201);
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/web/login?next=/web/plans').expect(200);
    const signed = await agent
      .post('/web/login')
      .type('form')
      .send({
        _login: hiddenField(form.text, '_login'),
        username: 'moi.vao',
        password: 'mật khẩu được cấp 2026',
        next: '/web/plans',
      })
      .expect(303);
    expect(signed.headers.location).toBe(`/web/password?next=${encodeURIComponent('/web/plans')}`);
    await agent.get('/web').expect(302).expect('location', '/web/password');
    const step = await agent.get('/web/password?next=/web/plans').expect(200);
    expect(step.text).toContain('Mật khẩu này do quản trị hệ thống cấp');
    const weak = await agent
      .post('/web/password')
      .type('form')
      .send({
        _csrf: hiddenField(step.text, '_csrf'),
        next: '/web/plans',
        currentPassword: 'mật khẩu được cấp 2026',
        newPassword: 'ngắn',
      })
      .expect(422);
    expect(weak.text).toContain('Mật khẩu phải có ít nhất 12 ký tự');
    await agent
      .post('/web/password')
      .type('form')
      .send({
        _csrf: hiddenField(step.text, '_csrf'),
        next: '/web/plans',
        currentPassword: 'mật khẩu được cấp 2026',
        newPassword: 'một câu dài dễ nhớ của tôi',
      })
      .expect(303)
      .expect('location', '/web/plans');
    await agent.get('/web').expect(200);
  });

  it('signs out only with the CSRF field', async () => {
    const user = await pageUser(t, 'viewer');
    const refused = await user.agent.post('/web/logout').type('form').send({}).expect(403);
    expect(refused.text).toContain('Phiên làm việc đã thay đổi');
    await user.agent.get('/web').expect(200);
    await user.agent
      .post('/web/logout')
      .type('form')
      .send({ _csrf: await user.csrf() })
      .expect(303)
      .expect('location', '/web/login');
    await user.agent.get('/web').expect(302);
  });
});
