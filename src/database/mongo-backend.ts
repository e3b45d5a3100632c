// Chooses and starts the MongoDB the service talks to. One code path, three backends:
//   external — MONGODB_URI names a server (production, docker compose, CI with a mongod);
//   mongod   — no URI, but a mongod binary can be had (MONGOMS_SYSTEM_BINARY, the binary
//              cache, or a download): run it through mongodb-memory-server on DATA_DIR/mongod;
//   wire     — no binary anywhere (offline machines): the project's in-process server,
//              persisted to DATA_DIR/embedded.
// Tests call the same function, so they run on whatever the service would run on.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedMongoThread } from '../embedded-mongo';
import type { EmbeddedEngine } from '../config/app-config';

export type MongoBackendKind = 'external' | 'mongod' | 'wire';

export interface MongoBackend {
  kind: MongoBackendKind;
  uri: string;
  /** Where the data lives, for the start-up log; undefined for an external server or memory. */
  dataDir?: string;
  stop(): Promise<void>;
}

export interface MongoBackendOptions {
  uri?: string;
  /** Persistent folder for the embedded default; undefined keeps the data in memory (tests). */
  dataDir?: string;
  engine?: EmbeddedEngine;
  port?: number;
  allowDownload?: boolean;
  log?: (message: string) => void;
}

export async function startMongoBackend(options: MongoBackendOptions): Promise<MongoBackend> {
  const log = options.log ?? (() => undefined);
  if (options.uri) {
    return { kind: 'external', uri: options.uri, stop: async () => undefined };
  }
  const engine = options.engine ?? 'auto';
  if (engine !== 'wire') {
    const binary = await findMongodBinary(options.allowDownload ?? true, log);
    if (binary) return startMongod(binary, options);
    if (engine === 'mongod') {
      throw new Error(
        'MONGO_EMBEDDED_ENGINE=mongod but no mongod binary could be found or downloaded',
      );
    }
    log('no mongod binary can be had here; using the in-process MongoDB-compatible server');
  }
  return startWire(options);
}

async function findMongodBinary(
  allowDownload: boolean,
  log: (m: string) => void,
): Promise<string | undefined> {
  const { DryMongoBinary, MongoBinary } = await import('mongodb-memory-server-core');
  try {
    // MONGOMS_SYSTEM_BINARY or the binary cache first: no network.
    const local = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions({}));
    if (local) return local;
    if (!allowDownload) return undefined;
    return await MongoBinary.getPath({});
  } catch (error) {
    log(`mongod binary not available: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

async function startMongod(binary: string, options: MongoBackendOptions): Promise<MongoBackend> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dataDir = options.dataDir ? resolve(options.dataDir, 'mongod') : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary: binary },
    instance: {
      ip: '127.0.0.1',
      port: options.port || undefined,
      dbPath: dataDir,
      storageEngine: 'wiredTiger',
    },
  });
  return {
    kind: 'mongod',
    uri: server.getUri(),
    dataDir,
    // doCleanup=false keeps a persistent dbPath; MMS removes only the temp folders it made.
    stop: async () => void (await server.stop({ doCleanup: !dataDir, force: false })),
  };
}

/** The URI with its credentials masked, for logs (the embedded default carries a secret). */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

async function startWire(options: MongoBackendOptions): Promise<MongoBackend> {
  const dataDir = options.dataDir ? resolve(join(options.dataDir, 'embedded')) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // On a thread of its own: the database's work runs beside the service's, not between it.
  const server = await startEmbeddedMongoThread({
    port: options.port ?? 0,
    dbPath: dataDir,
    log: options.log,
    // A secret made for this start only: another local user who finds the loopback port
    // cannot read or write the data. It lives in the URI handed to mongoose, nowhere else.
    credentials: { username: 'service', password: randomBytes(24).toString('base64url') },
  });
  return { kind: 'wire', uri: server.uri, dataDir, stop: () => server.stop() };
}
