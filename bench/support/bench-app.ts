// Boots the real application for service-level benchmarks, on the backend the service would
// choose (MONGODB_URI, else a mongod binary, else the in-process server) in a fresh folder.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { MONGO_BACKEND } from '../../src/database/database.module';
import type { MongoBackend } from '../../src/database/mongo-backend';

export interface BenchApp {
  app: NestExpressApplication;
  backend: string;
  /** The service's DATA_DIR (the embedded backends keep their files, journal included, here). */
  dataDir: string;
  close(): Promise<void>;
}

export async function startBenchApp(label: string): Promise<BenchApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${label}-`));
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SCHEDULER_ENABLED: 'false',
    DATA_DIR: dataDir,
    MONGODB_DB_NAME: `bench_${label}_${process.pid}`,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureApp(app);
  await app.init();
  const backend = app.get<MongoBackend>(MONGO_BACKEND);
  return {
    app,
    backend: {
      external: `external MongoDB (${process.env.MONGODB_URI})`,
      mongod: 'embedded mongod',
      wire: 'in-process MongoDB-compatible server',
    }[backend.kind],
    dataDir,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Wall time, this process's CPU time (the in-process server's work included; on a shared
 * machine it does not count waiting for a core) and peak RSS while `work` runs, RSS sampled
 * every `sampleMs` (a short step wants a finer one to catch its peak).
 */
export async function measure<T>(
  work: () => Promise<T>,
  sampleMs = 25,
): Promise<{ result: T; ms: number; cpuMs: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), sampleMs);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    return {
      result,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
      peakRssMb: Math.round(peak / 2 ** 20),
    };
  } finally {
    clearInterval(timer);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Signs `admin` in and makes a bearer token for the bench's requests (read and write: a
 * token is read-only unless asked). Answers the session cookie too, for session-held runs.
 */
export async function adminBearer(
  http: { post(path: string): import('supertest').Test },
  admin: { username: string; password: string },
): Promise<{ authorization: string; cookie: string }> {
  const login = await http.post('/auth/login').send(admin).expect(200);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const { token } = (
    await http
      .post('/auth/tokens')
      .set({ cookie, 'x-csrf-token': login.body.csrfToken })
      .send({ name: 'bench', scopes: ['read', 'write'] })
      .expect(201)
  ).body as { token: string };
  return { authorization: `Bearer ${token}`, cookie };
}

/** Bytes of every file under `dir`: the embedded server's journal grows with each write. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

const WRITE_METHODS = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'bulkWrite',
]);

/**
 * Counts the write calls the app makes through mongoose (models and their native
 * collections), and the single operations inside them (a bulkWrite of 500 updates is 1 call,
 * 500 operations), per collection. Whatever the backend: it watches the client side.
 */
export function countWrites(): {
  take(): { calls: number; operations: number; byCollection: Record<string, number> };
  stop(): void;
} {
  let calls = 0;
  let operations = 0;
  let byCollection: Record<string, number> = {};
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (!WRITE_METHODS.has(method)) return;
    const n = method === 'bulkWrite' || method === 'insertMany' ? (args[0] as unknown[]).length : 1;
    calls++;
    operations += n;
    byCollection[collection] = (byCollection[collection] ?? 0) + n;
  });
  return {
    take() {
      const taken = { calls, operations, byCollection };
      calls = 0;
      operations = 0;
      byCollection = {};
      return taken;
    },
    stop: () => void mongoose.set('debug', false),
  };
}

/**
 * Runs `work`, writing a CPU profile of it alone to `file` when one is given (open it in
 * Chrome DevTools or VS Code): the seeding before it stays out of the picture.
 */
export async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
