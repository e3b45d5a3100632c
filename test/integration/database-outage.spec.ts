// A database outage with the in-process server as its own process: killed (-9) under a
// running service, every request that needs it is answered 503 DATABASE_UNAVAILABLE with
// Retry-After at once; restarted, the service recovers without a restart of its own, with
// what was acknowledged before the outage and nothing of what was refused during it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killed, startDatabaseProcess } from '../support/database-process';
import {
  sessionHeaders,
  freePort,
  ServiceProcess,
  startServiceProcess,
  waitFor,
  waitForHealth,
} from '../support/service-process';

const ADMIN = { username: 'operator', password: 'a long outage test password 2026' };

describe('database outage (fault test)', () => {
  const dbPath = mkdtempSync(join(tmpdir(), 'outage-db-'));
  let database: ChildProcess | undefined;
  let service: ServiceProcess | undefined;
  let headers: Record<string, string>;

  const call = async (method: string, path: string, body?: object) => {
    const started = performance.now();
    const res = await fetch(`${service!.base}${path}`, {
      method,
      headers,
      ...(body && { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as { code?: string };
    return {
      status: res.status,
      code: json.code,
      retryAfter: res.headers.get('retry-after'),
      ms: performance.now() - started,
      body: json,
    };
  };

  beforeAll(async () => {
    const port = await freePort();
    database = (await startDatabaseProcess({ port, dbPath })).child;
    service = await startServiceProcess({
      MONGODB_URI: `mongodb://127.0.0.1:${port}/`,
      MONGODB_DB_NAME: 'outage',
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    await waitForHealth(service);
    headers = await sessionHeaders(service.base, ADMIN);
    (database as ChildProcess & { port?: number }).port = port;
  });
  afterAll(async () => {
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    if (database) await killed(database);
    rmSync(dbPath, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After within a second while down, and recovers when it returns', async () => {
    const port = (database as ChildProcess & { port: number }).port;
    const before = await call('POST', '/agencies', {
      code: 'TTT',
      name: 'Thanh tra tỉnh',
      kind: 'inspectorate',
    });
    expect(before.status).toBe(201);

    await killed(database!);
    const during = [];
    for (const [method, path, body] of [
      ['GET', '/agencies'],
      ['POST', '/agencies', { code: 'SNV', name: 'Sở Nội vụ', kind: 'specialised' }],
      ['GET', '/plans?year=2026'],
      ['GET', '/conflicts?year=2026'],
      ['POST', '/conflicts/rescan', { year: 2026 }],
      ['GET', '/auth/me'],
      ['GET', '/agencies'],
    ] as [string, string, object?][]) {
      during.push({ path: `${method} ${path}`, ...(await call(method, path, body)) });
    }
    console.log(
      `during the outage: ${during.map((d) => `${d.path} ${d.status} in ${d.ms.toFixed(0)} ms`).join('; ')}`,
    );
    for (const d of during) {
      expect([d.path, d.status, d.code, d.retryAfter]).toEqual([
        d.path,
        503,
        'DATABASE_UNAVAILABLE',
        '5',
      ]);
      expect(d.ms).toBeLessThan(1000);
    }
    // The liveness probe does not need the database; readiness says it is down.
    expect((await fetch(`${service!.base}/health`)).status).toBe(200);
    expect((await fetch(`${service!.base}/health/ready`)).status).toBe(503);

    const restartedAt = performance.now();
    database = (await startDatabaseProcess({ port, dbPath })).child;
    const back = await waitFor('recovery', service!, async () => {
      const r = await call('GET', '/agencies');
      return r.status === 200 ? r : undefined;
    });
    console.log(`recovered ${(performance.now() - restartedAt).toFixed(0)} ms after the restart`);
    // What was acknowledged is there; what was refused is not.
    expect((back.body as unknown as { code: string }[]).map((a) => a.code)).toEqual(['TTT']);
    expect(
      (await call('POST', '/agencies', { code: 'SNV', name: 'Sở Nội vụ', kind: 'specialised' }))
        .status,
    ).toBe(201);
  });
});
