// SIGTERM as an orchestrator sends it: the service stops accepting connections, lets the
// request in flight finish, closes the database and exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, waitForHealth } from '../support/service-process';

const ADMIN = { username: 'operator', password: 'a long shutdown test password' };

/** Every write needs an account: sign in, answer the session's cookie and CSRF token. */
async function signIn(port: number): Promise<Record<string, string>> {
  const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, 'x-csrf-token': csrfToken };
}

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the request in flight, refuses new ones, and exits 0', async () => {
    const service = await startServiceProcess({
      DATA_DIR: dataDir,
      MONGODB_URI: '',
      MONGO_EMBEDDED_DOWNLOAD: 'false',
      LOG_LEVEL: 'info',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const { child, port } = service;
    try {
      await waitForHealth(service);
      const session = await signIn(port);

      // A request whose body is still arriving when SIGTERM comes.
      const body = JSON.stringify({ code: 'TTT', name: 'Thanh tra tỉnh', kind: 'inspectorate' });
      const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/agencies',
            headers: {
              ...session,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 200);
      });

      const answered = await inFlight;
      expect(answered.status).toBe(201);
      expect(JSON.parse(answered.text).name).toBe('Thanh tra tỉnh');
      expect(await service.exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      expect(service.log()).toContain('SIGTERM received: shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
