// Throughput and start-up of the embedded MongoDB-compatible server, through the real driver.
//   npx ts-node -T -P tsconfig.json bench/embedded-mongo.bench.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient, type Collection } from 'mongodb';
import { EmbeddedMongoServer } from '../src/embedded-mongo';

const DOCS = 10_000;
const FIND_QUERIES = 2_000;
const SCAN_QUERIES = 300;

function enterprise(i: number): Record<string, unknown> {
  return {
    taxCode: String(100109106 + i).padStart(10, '0'),
    scanCode: `S${i}`,
    name: `Công ty TNHH Đầu tư Phát triển số ${i}`,
    province: `P${i % 34}`,
    founded: new Date(2000, i % 12, 1 + (i % 28)),
    tags: ['thuế', i % 2 ? 'xây dựng' : 'y tế'],
  };
}

async function timed(label: string, operations: number, fn: () => Promise<void>): Promise<void> {
  const started = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${label.padEnd(58)} ${Math.round(operations / seconds)
      .toLocaleString('en-US')
      .padStart(9)} ops/s  (${seconds.toFixed(2)} s)`,
  );
}

async function insertSequentially(
  collection: Collection<any>,
  from: number,
  count: number,
): Promise<void> {
  for (let i = from; i < from + count; i++) await collection.insertOne(enterprise(i));
}

async function insertConcurrently(
  collection: Collection<any>,
  count: number,
  concurrency: number,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await collection.insertOne(enterprise(next++));
    }),
  );
}

async function startupMs(dbPath?: string): Promise<[number, EmbeddedMongoServer]> {
  const started = process.hrtime.bigint();
  const server = await EmbeddedMongoServer.start({ dbPath });
  return [Number(process.hrtime.bigint() - started) / 1e6, server];
}

async function main(): Promise<void> {
  console.log(
    `embedded-mongo bench: ${DOCS.toLocaleString('en-US')} documents, node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const [emptyMemoryMs, server] = await startupMs();
  console.log(`start-up, memory only, empty: ${emptyMemoryMs.toFixed(1)} ms`);
  const client = await MongoClient.connect(server.uri);
  const db = client.db('bench');

  const plain = db.collection<any>('plain');
  await timed('insertOne, memory, no secondary index', DOCS, () =>
    insertSequentially(plain, 0, DOCS),
  );
  const indexed = db.collection<any>('indexed');
  await indexed.createIndex({ taxCode: 1 }, { unique: true });
  await timed('insertOne, memory, unique index on taxCode', DOCS, () =>
    insertSequentially(indexed, 0, DOCS),
  );
  const batched = db.collection<any>('batched');
  await batched.createIndex({ taxCode: 1 }, { unique: true });
  await timed('insertMany (batches of 1,000), memory, unique index', DOCS, async () => {
    for (let i = 0; i < DOCS; i += 1000)
      await batched.insertMany(Array.from({ length: 1000 }, (_, j) => enterprise(i + j)));
  });

  const pick = (q: number): number => (q * 7919) % DOCS;
  await timed('findOne by indexed field (taxCode)', FIND_QUERIES, async () => {
    for (let q = 0; q < FIND_QUERIES; q++)
      await indexed.findOne({ taxCode: enterprise(pick(q)).taxCode });
  });
  await timed('findOne by _id', FIND_QUERIES, async () => {
    const ids = (
      await indexed
        .find({}, { projection: { _id: 1 } })
        .limit(FIND_QUERIES)
        .toArray()
    ).map((d) => d._id);
    for (const _id of ids) await indexed.findOne({ _id });
  });
  await timed(
    `findOne by unindexed field (scan of ${DOCS.toLocaleString('en-US')})`,
    SCAN_QUERIES,
    async () => {
      for (let q = 0; q < SCAN_QUERIES; q++) await indexed.findOne({ scanCode: `S${pick(q)}` });
    },
  );
  await timed('find 100 by province, sorted by name (scan + sort)', SCAN_QUERIES, async () => {
    for (let q = 0; q < SCAN_QUERIES; q++)
      await indexed
        .find({ province: `P${q % 34}` })
        .sort({ name: 1 })
        .limit(100)
        .toArray();
  });
  // A page deep into the whole collection by name: the {name} index's order jumps to it where
  // a sort would select it among all 10,000.
  await batched.createIndex({ name: 1 });
  await timed('find 100 sorted by name, skip 5,000 ({name} index)', SCAN_QUERIES, async () => {
    for (let q = 0; q < SCAN_QUERIES; q++)
      await batched
        .find({})
        .sort({ name: 1 })
        .skip(5_000 + q)
        .limit(100)
        .toArray();
  });
  await timed('find ~300 by province, projection of 2 fields', SCAN_QUERIES, async () => {
    for (let q = 0; q < SCAN_QUERIES; q++)
      await indexed
        .find({ province: `P${q % 34}` }, { projection: { taxCode: 1, name: 1 } })
        .toArray();
  });
  await client.close();
  await server.stop();

  const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
  try {
    const [emptyDiskMs, durable] = await startupMs(dbPath);
    console.log(`start-up, data folder, empty: ${emptyDiskMs.toFixed(1)} ms`);
    const durableClient = await MongoClient.connect(durable.uri, { maxPoolSize: 32 });
    const journalled = durableClient.db('bench').collection<any>('journalled');
    await journalled.createIndex({ taxCode: 1 }, { unique: true });
    await timed('insertOne, fsynced journal, 32 concurrent clients', DOCS, () =>
      insertConcurrently(journalled, DOCS, 32),
    );
    await timed('insertOne, fsynced journal, one client (1,000 docs)', 1000, () =>
      insertSequentially(durableClient.db('bench').collection('sequential'), 0, 1000),
    );
    await durableClient.close();
    await durable.stop();

    const [replayMs, replayed] = await startupMs(dbPath);
    console.log(
      `start-up, ${DOCS.toLocaleString('en-US')}+ docs in the journal (replay + compaction): ${replayMs.toFixed(1)} ms`,
    );
    await replayed.stop();
    const [snapshotMs, fromSnapshot] = await startupMs(dbPath);
    console.log(
      `start-up, ${DOCS.toLocaleString('en-US')}+ docs in the snapshot: ${snapshotMs.toFixed(1)} ms`,
    );
    await fromSnapshot.stop();
  } finally {
    fs.rmSync(dbPath, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
