// The real service (src/main.ts) in a process of its own, its output captured: for tests of
// what only a whole process shows (start-up log, signals, exit code).
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from './database';

const root = join(__dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything written to stdout and stderr so far. */
  log(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the service on a loopback port (`env.PORT`, else a free one) with `env` over the
 * test process's own.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      SCHEDULER_ENABLED: 'false',
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, base: `http://127.0.0.1:${port}`, log: () => log, exited };
}

/** Polls `probe` until it answers something (or the process dies, or 60 s pass). */
export async function waitFor<T>(
  what: string,
  service: ServiceProcess,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  for (let i = 0; i < timeoutMs / 200; i++) {
    if (service.child.exitCode !== null)
      throw new Error(`service exited early with ${service.child.exitCode}`);
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function waitForHealth(service: ServiceProcess): Promise<true> {
  return waitFor('health', service, async () =>
    (await fetch(`${service.base}/health`)).ok ? true : undefined,
  );
}

/**
 * Signs `account` in on a running service: the headers of its session (cookie, CSRF token,
 * JSON body) for the requests that follow.
 */
export async function sessionHeaders(
  base: string,
  account: { username: string; password: string },
): Promise<Record<string, string>> {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0],
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
}

/** One JSON request to a service process; the answer's body parsed (empty when it is none). */
export async function callService(
  base: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as never };
}

/**
 * Service processes of one fault test on a database of their own, all on the run's backend:
 * `start(env)` runs one more (on the same data, with `env` over the fixture's own) and waits
 * until it is healthy; every one still running is killed and the database dropped after the
 * file.
 */
export function serviceProcessesOn(
  label: string,
  admin: { username: string; password: string },
): { start(env?: Record<string, string>): Promise<ServiceProcess>; db(): Db } {
  const database = uniqueDatabaseName(label);
  const services: ServiceProcess[] = [];
  let client: MongoClient | undefined;
  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri());
  });
  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await client?.close();
    await dropDatabase(database).catch(() => undefined);
  });
  return {
    db: () => client!.db(database),
    start: async (env = {}) => {
      const service = await startServiceProcess({
        MONGODB_URI: testMongoUri(),
        MONGODB_DB_NAME: database,
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
        LOG_LEVEL: 'warn',
        ...env,
      });
      services.push(service);
      await waitForHealth(service);
      return service;
    },
  };
}
