// Sign-in over real HTTP: sessions and their cookie, CSRF, personal access tokens, lockout,
// the sign-in rate limit, and the admin-only account routes.
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';

const ADMIN = { username: 'root', password: 'correct horse battery staple' };

function sessionCookie(res: Response): string {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = header.find((c) => c.startsWith('isc_session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return cookie;
}
const cookiePair = (setCookie: string) => setCookie.split(';')[0];

describe('identity over HTTP', () => {
  let t: TestApp;
  let admin: { cookie: string; csrf: string };

  async function signIn(username: string, password: string) {
    const res = await t.http.post('/auth/login').send({ username, password }).expect(200);
    return { cookie: cookiePair(sessionCookie(res)), csrf: res.body.csrfToken as string, res };
  }

  beforeAll(async () => {
    t = await createTestApp('identity_sign_in', {
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_RATE_LIMIT: '20',
      LOGIN_RATE_WINDOW_SECONDS: '600',
    });
    admin = await signIn(ADMIN.username, ADMIN.password);
  });
  afterAll(() => t.close());

  describe('not signed in', () => {
    it.each([
      ['get', '/auth/me'],
      ['post', '/auth/logout'],
      ['get', '/auth/tokens'],
      ['post', '/auth/tokens'],
      ['get', '/users'],
      ['post', '/users'],
    ] as const)('%s %s answers 401 NOT_AUTHENTICATED', async (method, path) => {
      const res = await t.http[method](path).expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'NOT_AUTHENTICATED',
        message: 'Sign in first',
      });
    });

    it('treats a made-up cookie or bearer token as no sign-in', async () => {
      await t.http.get('/auth/me').set('cookie', 'isc_session=forged').expect(401);
      await t.http.get('/auth/me').set('authorization', 'Bearer isk_forged').expect(401);
    });
  });

  describe('sign-in', () => {
    it('answers the account (no hash), the CSRF token and mustChangePassword', async () => {
      const { res } = await signIn('ROOT', ADMIN.password); // usernames are case-insensitive
      expect(Object.keys(res.body).sort()).toEqual(['account', 'csrfToken', 'mustChangePassword']);
      expect(res.body.mustChangePassword).toBe(false);
      expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(res.body.account).toMatchObject({
        username: 'root',
        roles: ['admin'],
        status: 'active',
      });
      expect(res.body.account.passwordHash).toBeUndefined();
      expect(res.body.account.failedLogins).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('sets an HttpOnly, SameSite=Lax cookie with a 256-bit id; Secure only over https', async () => {
      const plain = sessionCookie(await t.http.post('/auth/login').send(ADMIN).expect(200));
      expect(plain).toMatch(/^isc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const behindTls = sessionCookie(
        await t.http.post('/auth/login').set('x-forwarded-proto', 'https').send(ADMIN).expect(200),
      );
      expect(behindTls).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    });

    it('answers a wrong password and an unknown user the same way', async () => {
      const wrong = await t.http
        .post('/auth/login')
        .send({ username: 'root', password: 'x'.repeat(12) });
      const unknown = await t.http
        .post('/auth/login')
        .send({ username: 'ghost', password: 'x'.repeat(12) });
      const expected = {
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Wrong username or password',
      };
      expect([wrong.status, wrong.body]).toEqual([401, expected]);
      expect([unknown.status, unknown.body]).toEqual([401, expected]);
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('rotates the session: signing in again ends the session the browser brought', async () => {
      const first = await signIn(ADMIN.username, ADMIN.password);
      const again = await t.http
        .post('/auth/login')
        .set('cookie', first.cookie)
        .send(ADMIN)
        .expect(200);
      const second = cookiePair(sessionCookie(again));
      expect(second).not.toBe(first.cookie);
      await t.http.get('/auth/me').set('cookie', first.cookie).expect(401);
      await t.http.get('/auth/me').set('cookie', second).expect(200);
    });

    it('GET /auth/me answers the account and the same CSRF token', async () => {
      const res = await t.http.get('/auth/me').set('cookie', admin.cookie).expect(200);
      expect(res.body).toMatchObject({
        via: 'session',
        csrfToken: admin.csrf,
        mustChangePassword: false,
        account: { username: 'root' },
      });
    });

    it('logout ends the session and clears the cookie', async () => {
      const s = await signIn(ADMIN.username, ADMIN.password);
      const res = await t.http
        .post('/auth/logout')
        .set('cookie', s.cookie)
        .set('x-csrf-token', s.csrf)
        .expect(204);
      expect(sessionCookie(res)).toMatch(/^isc_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
      await t.http.get('/auth/me').set('cookie', s.cookie).expect(401);
    });

    it('ends a session idle for 30 minutes, and any after 12 hours', async () => {
      const start = new Date('2026-03-01T03:00:00Z').getTime();
      try {
        const idle = await signIn(ADMIN.username, ADMIN.password);
        t.clock.set(new Date(start + 29 * 60_000));
        await t.http.get('/auth/me').set('cookie', idle.cookie).expect(200); // activity moves it on
        t.clock.set(new Date(start + 58 * 60_000));
        await t.http.get('/auth/me').set('cookie', idle.cookie).expect(200);
        t.clock.set(new Date(start + 89 * 60_000));
        await t.http.get('/auth/me').set('cookie', idle.cookie).expect(401);

        t.clock.set(new Date(start));
        const busy = await signIn(ADMIN.username, ADMIN.password);
        for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
          t.clock.set(new Date(start + minutes * 60_000));
          await t.http.get('/auth/me').set('cookie', busy.cookie).expect(200);
        }
        t.clock.set(new Date(start + 12 * 3_600_000));
        await t.http.get('/auth/me').set('cookie', busy.cookie).expect(401);
      } finally {
        t.clock.set(new Date(start));
      }
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated write without the token, or with a wrong one', async () => {
      const none = await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .send({ name: 'x' })
        .expect(403);
      expect(none.body.code).toBe('CSRF_TOKEN_INVALID');
      const wrong = await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .set(
          'x-csrf-token',
          admin.csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        )
        .send({ name: 'x' })
        .expect(403);
      expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
      const list = await t.http.get('/auth/tokens').set('cookie', admin.cookie).expect(200);
      expect(list.body.items.filter((i: { name: string }) => i.name === 'x')).toEqual([]);
    });

    it('accepts the token in the header or as a _csrf form field', async () => {
      await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ name: 'by header' })
        .expect(201);
      await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .type('form')
        .send({ name: 'by form', _csrf: admin.csrf })
        .expect(201);
    });
  });

  describe('personal access tokens', () => {
    it('shows the secret once, lists without it, signs Bearer requests without CSRF, revokes', async () => {
      const created = await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ name: 'import script', expiresInDays: 30, scopes: ['write', 'read'] })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        token: expect.stringMatching(/^isk_[A-Za-z0-9_-]{43}$/),
        name: 'import script',
        scopes: ['read', 'write'],
        accountId: expect.any(String),
        createdAt: '2026-03-01T03:00:00.000Z',
        expiresAt: '2026-03-31T03:00:00.000Z',
      });
      const bearer = `Bearer ${created.body.token}`;

      const me = await t.http.get('/auth/me').set('authorization', bearer).expect(200);
      expect(me.body.via).toBe('token');
      expect(me.body.csrfToken).toBeUndefined();
      await t.http
        .post('/auth/tokens')
        .set('authorization', bearer)
        .send({ name: 'child' })
        .expect(201);

      const list = await t.http.get('/auth/tokens').set('authorization', bearer).expect(200);
      const listed = list.body.items.find((i: { id: string }) => i.id === created.body.id);
      expect(listed).toEqual({
        id: created.body.id,
        name: 'import script',
        scopes: ['read', 'write'],
        accountId: created.body.accountId,
        createdAt: '2026-03-01T03:00:00.000Z',
        expiresAt: '2026-03-31T03:00:00.000Z',
        lastUsedAt: '2026-03-01T03:00:00.000Z',
      });
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);

      await t.http
        .delete(`/auth/tokens/${created.body.id}`)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .expect(204);
      await t.http.get('/auth/me').set('authorization', bearer).expect(401);
      await t.http
        .delete(`/auth/tokens/${created.body.id}`)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .expect(404);
    });

    it('a read-only token (the default) reads but answers 403 TOKEN_SCOPE_INSUFFICIENT to any write', async () => {
      const created = await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ name: 'dashboard' })
        .expect(201);
      expect(created.body.scopes).toEqual(['read']);
      const bearer = `Bearer ${created.body.token}`;
      const me = await t.http.get('/auth/me').set('authorization', bearer).expect(200);
      expect(me.body.scopes).toEqual(['read']);
      await t.http.get('/plans').set('authorization', bearer).expect(200);

      const before = (await t.http.get('/agencies').set('authorization', bearer)).body;
      for (const [method, path, body] of [
        ['post', '/agencies', { code: 'XYZ', name: 'Sở thử', kind: 'specialised' }],
        ['post', '/auth/tokens', { name: 'wider', scopes: ['write'] }],
        ['post', '/auth/logout', {}],
      ] as const) {
        const res = await t.http[method](path).set('authorization', bearer).send(body);
        expect([res.status, res.body.code]).toEqual([403, 'TOKEN_SCOPE_INSUFFICIENT']);
      }
      expect((await t.http.get('/agencies').set('authorization', bearer)).body).toEqual(before);
      const listed = (await t.http.get('/auth/tokens').set('authorization', bearer)).body.items;
      expect(listed.map((i: { name: string }) => i.name)).not.toContain('wider');
      expect(listed.find((i: { id: string }) => i.id === created.body.id)).toMatchObject({
        scopes: ['read'],
        lastUsedAt: '2026-03-01T03:00:00.000Z',
      });
    });

    it('refuses unknown or empty scopes', async () => {
      for (const scopes of [['admin'], [], 'read', ['read', 'read']]) {
        const res = await t.http
          .post('/auth/tokens')
          .set('cookie', admin.cookie)
          .set('x-csrf-token', admin.csrf)
          .send({ name: 'bad', scopes });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('stops an expired token', async () => {
      const created = await t.http
        .post('/auth/tokens')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ name: 'one day', expiresInDays: 1 })
        .expect(201);
      const bearer = `Bearer ${created.body.token}`;
      try {
        t.clock.set('2026-03-02T02:59:59Z');
        await t.http.get('/auth/tokens').set('authorization', bearer).expect(200);
        t.clock.set('2026-03-02T03:00:00Z');
        await t.http.get('/auth/tokens').set('authorization', bearer).expect(401);
      } finally {
        t.clock.set('2026-03-01T03:00:00Z');
      }
    });
  });

  describe('accounts (admin only)', () => {
    let officer: { id: string; issuedPassword: string };

    it('creates an account with an issued password that must be changed first', async () => {
      const res = await t.http
        .post('/users')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({
          username: 'An.NV',
          displayName: 'Nguyễn Văn An',
          email: 'an.nv@skhcn.example.gov.vn',
          roles: ['officer'],
          agencyCodes: ['skhcn'],
          province: 'Vĩnh Long',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        username: 'an.nv',
        displayName: 'Nguyễn Văn An',
        roles: ['officer'],
        agencyCodes: ['SKHCN'],
        status: 'active',
        mustChangePassword: true,
        revision: 1,
        createdBy: 'root',
      });
      expect(res.body.issuedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(res.body.passwordHash).toBeUndefined();
      officer = res.body;

      const dup = await t.http
        .post('/users')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ username: 'AN.nv', displayName: 'x', roles: ['viewer'] })
        .expect(409);
      expect(dup.body.code).toBe('USERNAME_TAKEN');
    });

    it('keeps everything but the password change closed until the issued password is replaced', async () => {
      const s = await signIn('an.nv', officer.issuedPassword);
      expect(s.res.body.mustChangePassword).toBe(true);
      const closed = await t.http.get('/auth/tokens').set('cookie', s.cookie).expect(403);
      expect(closed.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

      const weak = await t.http
        .post('/auth/password')
        .set('cookie', s.cookie)
        .set('x-csrf-token', s.csrf)
        .send({ currentPassword: officer.issuedPassword, newPassword: 'an.nv-2026!!' })
        .expect(422);
      expect(weak.body).toEqual({
        statusCode: 422,
        code: 'WEAK_PASSWORD',
        message: 'The password does not meet the policy: newPassword must not contain the username',
        details: [
          {
            field: 'newPassword',
            code: 'PASSWORD_CONTAINS_USERNAME',
            message: 'newPassword must not contain the username',
            messageVi: 'Mật khẩu không được chứa tên đăng nhập',
          },
        ],
      });
      const changed = await t.http
        .post('/auth/password')
        .set('cookie', s.cookie)
        .set('x-csrf-token', s.csrf)
        .send({ currentPassword: officer.issuedPassword, newPassword: 'sông Cổ Chiên 2026' })
        .expect(200);
      expect(changed.body.account).toMatchObject({ mustChangePassword: false, revision: 2 });
      await t.http.get('/auth/tokens').set('cookie', s.cookie).expect(200);
      await signIn('an.nv', 'sông Cổ Chiên 2026');
    });

    it('answers 403 to a signed-in account that is not an admin', async () => {
      const s = await signIn('an.nv', 'sông Cổ Chiên 2026');
      const res = await t.http.get('/users').set('cookie', s.cookie).expect(403);
      expect(res.body).toEqual({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: 'This needs the role admin',
      });
      await t.http.get(`/users/${officer.id}`).set('cookie', s.cookie).expect(403);
      await t.http
        .patch(`/users/${officer.id}`)
        .set('cookie', s.cookie)
        .set('x-csrf-token', s.csrf)
        .send({ revision: 2, roles: ['admin'] })
        .expect(403);
    });

    it('lists, reads and edits on the revision read; a stale one is 409', async () => {
      const list = await t.http.get('/users').set('cookie', admin.cookie).expect(200);
      expect(list.body.items.map((a: { username: string }) => a.username)).toEqual([
        'an.nv',
        'root',
      ]);
      expect(list.body.total).toBe(2);
      const read = await t.http.get(`/users/${officer.id}`).set('cookie', admin.cookie).expect(200);
      expect(read.body.revision).toBe(2);

      const stale = await t.http
        .patch(`/users/${officer.id}`)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ revision: 1, displayName: 'Nguyễn Văn Ân' })
        .expect(409);
      expect(stale.body.code).toBe('STALE_REVISION');
      const edited = await t.http
        .patch(`/users/${officer.id}`)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ revision: 2, roles: ['officer', 'approver'], displayName: 'Nguyễn Văn Ân' })
        .expect(200);
      expect(edited.body).toMatchObject({
        roles: ['officer', 'approver'],
        displayName: 'Nguyễn Văn Ân',
        agencyCodes: ['SKHCN'],
        email: 'an.nv@skhcn.example.gov.vn',
        revision: 3,
        updatedBy: 'root',
      });
      const audit = await t.http
        .get(`/audit?entityType=account&entityId=${officer.id}`)
        .set('cookie', admin.cookie)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'updated',
        actor: 'root',
        changes: [
          { field: 'displayName', from: 'Nguyễn Văn An', to: 'Nguyễn Văn Ân' },
          { field: 'roles', from: ['officer'], to: ['officer', 'approver'] },
        ],
      });
    });

    it('ends the sessions of a disabled account at once', async () => {
      const s = await signIn('an.nv', 'sông Cổ Chiên 2026');
      const read = await t.http.get(`/users/${officer.id}`).set('cookie', admin.cookie).expect(200);
      await t.http
        .patch(`/users/${officer.id}`)
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ revision: read.body.revision, status: 'disabled' })
        .expect(200);
      await t.http.get('/auth/me').set('cookie', s.cookie).expect(401);
      const again = await t.http
        .post('/auth/login')
        .send({ username: 'an.nv', password: 'sông Cổ Chiên 2026' })
        .expect(401);
      expect(again.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('refuses a weak password naming the field, and an officer without an agency', async () => {
      const weak = await t.http
        .post('/users')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ username: 'binh', displayName: 'Bình', roles: ['viewer'], password: 'short' })
        .expect(422);
      expect(weak.body.details).toEqual([
        {
          field: 'password',
          code: 'PASSWORD_TOO_SHORT',
          message: 'password must have at least 12 characters',
          messageVi: 'Mật khẩu phải có ít nhất 12 ký tự',
        },
      ]);
      const unscoped = await t.http
        .post('/users')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({ username: 'binh', displayName: 'Bình', roles: ['officer'] })
        .expect(422);
      expect(unscoped.body.details).toEqual([
        {
          field: 'agencyCodes',
          code: 'SCOPE_REQUIRED',
          message: 'the role officer needs at least one agency code',
        },
      ]);
    });
  });

  describe('abuse', () => {
    it('locks an account after 5 wrong passwords for 15 minutes, even for the right one', async () => {
      await t.http
        .post('/users')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .send({
          username: 'chi',
          displayName: 'Chi',
          roles: ['viewer'],
          password: 'mật khẩu đủ dài 1',
        })
        .expect(201);
      for (let i = 1; i <= 4; i++)
        await t.http
          .post('/auth/login')
          .send({ username: 'chi', password: `wrong password ${i}` })
          .expect(401);
      const fifth = await t.http
        .post('/auth/login')
        .send({ username: 'chi', password: 'wrong password 5' })
        .expect(423);
      expect(fifth.body).toEqual({
        statusCode: 423,
        code: 'ACCOUNT_LOCKED',
        message: 'Too many wrong passwords: sign-in is locked for a while',
      });
      expect(fifth.headers['retry-after']).toBe('900');
      const right = await t.http
        .post('/auth/login')
        .send({ username: 'chi', password: 'mật khẩu đủ dài 1' })
        .expect(423);
      expect(right.headers['set-cookie']).toBeUndefined();
      try {
        t.clock.set('2026-03-01T03:15:00Z');
        await t.http
          .post('/auth/login')
          .send({ username: 'chi', password: 'mật khẩu đủ dài 1' })
          .expect(200);
      } finally {
        t.clock.set('2026-03-01T03:00:00Z');
      }
    });

    it('rate-limits sign-in per client and username: 429 RATE_LIMITED with Retry-After', async () => {
      for (let i = 1; i <= 20; i++)
        await t.http
          .post('/auth/login')
          .send({ username: 'dung', password: `guess number ${i}` })
          .expect(401);
      const limited = await t.http
        .post('/auth/login')
        .send({ username: 'dung', password: 'guess number 21' })
        .expect(429);
      expect(limited.body).toEqual({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: 'Too many sign-in attempts; try again later',
      });
      expect(limited.headers['retry-after']).toBe('600'); // the pinned clock sits on a window start
      // Another username from the same client is counted on its own.
      await t.http
        .post('/auth/login')
        .send({ username: 'em', password: 'guess number 1' })
        .expect(401);
    });
  });
});
