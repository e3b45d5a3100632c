// The real service in its own process, its logs captured: the first-run one-time password
// appears exactly once (so the operator can sign in), and no other secret ever does.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testMongoUri, dropDatabase, uniqueDatabaseName } from '../support/database';

const root = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, child: ChildProcess, probe: () => Promise<T | undefined>) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`service exited early with ${child.exitCode}`);
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const occurrences = (text: string, secret: string) => text.split(secret).length - 1;

describe('secrets stay out of the logs', () => {
  const databaseName = uniqueDatabaseName('identity_logs');
  afterAll(() => dropDatabase(databaseName));

  it('prints the one-time password once and no session id, CSRF token, bearer or password', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          MONGODB_URI: testMongoUri(),
          MONGODB_DB_NAME: databaseName,
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'trace', // the chattiest level: every request line included
          SCHEDULER_ENABLED: 'false',
          ADMIN_USERNAME: '',
          ADMIN_PASSWORD: '',
          TS_NODE_PROJECT: join(root, 'tsconfig.json'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const secrets: Record<string, string> = {};
    let oneTime = '';
    try {
      await waitFor('health', child, async () =>
        (await fetch(`${base}/health`)).ok ? true : undefined,
      );
      oneTime = await waitFor(
        'the one-time password',
        child,
        async () => /one-time password (\S+) /.exec(log)?.[1],
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
      child.kill('SIGTERM');
      await exited;
    }
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
