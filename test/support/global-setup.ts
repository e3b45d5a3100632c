// Starts, once per jest run, the database backend the service itself would choose
// (MONGODB_URI → that server; else a mongod binary; else the in-process server), in memory.
// Workers inherit TEST_MONGODB_URI; each test file then uses a database of its own.
import { MongoClient } from 'mongodb';
import { redactUri, startMongoBackend } from '../../src/database/mongo-backend';

export default async function globalSetup(): Promise<void> {
  const backend = await startMongoBackend({
    uri: process.env.MONGODB_URI,
    engine: (process.env.MONGO_EMBEDDED_ENGINE as 'auto' | 'mongod' | 'wire' | undefined) ?? 'auto',
    allowDownload: process.env.MONGO_EMBEDDED_DOWNLOAD !== 'false',
  });
  if (backend.kind !== 'external') {
    // The apps under test run on a pinned clock (FakeClock, early 2026), so the expiry they
    // stamp on sessions is already past by the real clock the TTL monitor reads: a journey
    // that spans one of its passes would be signed out. Expiry itself is the app's own check.
    const client = await MongoClient.connect(backend.uri);
    try {
      await client.db('admin').command({ setParameter: 1, ttlMonitorEnabled: false });
    } finally {
      await client.close();
    }
  }
  process.env.TEST_MONGODB_URI = backend.uri;
  process.env.TEST_MONGODB_BACKEND = backend.kind;
  (globalThis as { __mongoBackend?: typeof backend }).__mongoBackend = backend;
  process.stdout.write(`\n[tests] database backend: ${backend.kind} (${redactUri(backend.uri)})\n`);
}
