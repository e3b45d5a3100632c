// The real service in its own process, its logs captured: the first-run one-time password
// appears exactly once (so the operator can sign in), and no other secret ever does.
import { testMongoUri, dropDatabase, uniqueDatabaseName } from '../support/database';
import { startServiceProcess, waitFor, waitForHealth } from '../support/service-process';

const occurrences = (text: string, secret: string) => text.split(secret).length - 1;

describe('secrets stay out of the logs', () => {
  const databaseName = uniqueDatabaseName('identity_logs');
  afterAll(() => dropDatabase(databaseName));

  it('prints the one-time password once and no session id, CSRF token, bearer or password', async () => {
    const service = await startServiceProcess({
      MONGODB_URI: testMongoUri(),
      MONGODB_DB_NAME: databaseName,
      LOG_LEVEL: 'trace', // the chattiest level: every request line included
      ADMIN_USERNAME: '',
      ADMIN_PASSWORD: '',
    });
    const { base } = service;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const secrets: Record<string, string> = {};
    let oneTime = '';
    try {
      await waitForHealth(service);
      oneTime = await waitFor(
        'the one-time password',
        service,
        async () => /one-time password (\S+) /.exec(service.log())?.[1],
      );

      const wrongPassword = (secrets.wrongPassword = 'a-wrong-guess-Zq81');
      expect(
        (await post('/auth/login', { username: 'admin', password: wrongPassword })).status,
      ).toBe(401);
      const login = await post('/auth/login', { username: 'admin', password: oneTime });
      expect(login.status).toBe(200);
      const sessionId = /isc_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1];
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      Object.assign(secrets, { sessionId, csrfToken });
      const session = { cookie: `isc_session=${sessionId}`, 'x-csrf-token': csrfToken };

      const newPassword = (secrets.newPassword = 'Vĩnh Long bốn mùa 2026');
      const changed = await post(
        '/auth/password',
        { currentPassword: oneTime, newPassword },
        session,
      );
      expect(changed.status).toBe(200);
      const created = await post('/auth/tokens', { name: 'logs test' }, session);
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      secrets.token = token;
      const me = await fetch(`${base}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      const issued = await post(
        '/users',
        { username: 'binh', displayName: 'Bình', roles: ['viewer'] },
        { authorization: `Bearer ${token}` },
      );
      secrets.issuedPassword = ((await issued.json()) as { issuedPassword: string }).issuedPassword;
      expect((await post('/auth/logout', {}, session)).status).toBe(204);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    const log = service.log();
    expect(occurrences(log, oneTime)).toBe(1);
    expect(Object.keys(secrets).sort()).toEqual([
      'csrfToken',
      'issuedPassword',
      'newPassword',
      'sessionId',
      'token',
      'wrongPassword',
    ]);
    for (const [name, secret] of Object.entries(secrets))
      expect({ name, occurrences: occurrences(log, secret) }).toEqual({ name, occurrences: 0 });
    expect(log).toContain('"url":"/auth/login"'); // the request lines were captured
  });
});
