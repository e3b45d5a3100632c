// Journal compaction of the embedded MongoDB-compatible server while it serves:
//   npm run bench -- embedded-mongo-compaction
// 1. Journal bytes on disk after a workload on 10^5 inspections (insert, then two re-scans that
//    rewrite each one), with compaction while serving (default floor) and without it.
// 2. The longest event-loop stall while ~100 MB of data is compacted, pinged all along.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MongoClient, type AnyBulkWriteOperation } from 'mongodb';
import { EmbeddedMongoServer, type CompactionStep } from '../src/embedded-mongo';

const INSPECTIONS = 100_000;
const BATCH = 1_000;
const BIG_STORE_BYTES = 100 * 1024 * 1024;
/** A floor no workload here reaches: compaction only at start, as before. */
const NEVER = Number.MAX_SAFE_INTEGER;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function inspection(i: number, note: string): Record<string, unknown> {
  return {
    _id: i,
    planCode: `KH-2026-${String(i % 500).padStart(3, '0')}`,
    enterpriseTaxCode: String(100109106 + i).padStart(10, '0'),
    agency: `Sở ${['Xây dựng', 'Y tế', 'Công Thương', 'Tài nguyên và Môi trường'][i % 4]}`,
    month: 1 + (i % 12),
    status: 'planned',
    scanVersion: 0,
    note,
  };
}

function folderBytes(dbPath: string, pattern: RegExp): number {
  return fs
    .readdirSync(dbPath)
    .filter((name) => pattern.test(name))
    .reduce((sum, name) => sum + fs.statSync(path.join(dbPath, name)).size, 0);
}

const journalOf = (server: EmbeddedMongoServer) =>
  (server as unknown as { journal: { whenCompacted(): Promise<void> } }).journal;

async function rescanWorkload(floor: number): Promise<void> {
  const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-compaction-bench-'));
  const compactions: string[] = [];
  const server = await EmbeddedMongoServer.start({
    dbPath,
    compactionFloorBytes: floor,
    log: (msg) => {
      if (msg.startsWith('journal: compacted')) compactions.push(msg);
    },
  });
  const client = await MongoClient.connect(server.uri);
  const started = performance.now();
  try {
    const inspections = client.db('bench').collection<any>('inspections');
    await inspections.createIndex({ planCode: 1 });
    const note = 'Kiểm tra việc chấp hành quy định về an toàn lao động và phòng cháy chữa cháy';
    for (let i = 0; i < INSPECTIONS; i += BATCH)
      await inspections.insertMany(
        Array.from({ length: BATCH }, (_, j) => inspection(i + j, note)),
      );
    for (let scan = 1; scan <= 2; scan++) {
      for (let i = 0; i < INSPECTIONS; i += BATCH) {
        const ops: AnyBulkWriteOperation<any>[] = Array.from({ length: BATCH }, (_, j) => ({
          updateOne: {
            filter: { _id: i + j },
            update: { $set: { scanVersion: scan, status: scan === 1 ? 'checked' : 'conflict' } },
          },
        }));
        await inspections.bulkWrite(ops, { ordered: false });
      }
    }
    await journalOf(server).whenCompacted();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${floor === NEVER ? 'without compaction while serving' : `floor ${mb(floor)}`.padEnd(32)}: journal ${mb(folderBytes(dbPath, /^journal/)).padStart(8)}, snapshot ${mb(folderBytes(dbPath, /^snapshot\.bson$/)).padStart(8)}, ${compactions.length} compactions, ${seconds} s`,
    );
  } finally {
    await client.close();
    await server.stop();
    fs.rmSync(dbPath, { recursive: true, force: true });
  }
}

async function stallDuringBigCompaction(): Promise<void> {
  const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-compaction-bench-'));
  const filler = 'Biên bản kiểm tra liên ngành, kết luận và kiến nghị xử lý. '.repeat(16); // ~1 KB
  const docs = Math.ceil(BIG_STORE_BYTES / (filler.length + 200));
  // Loaded and compacted at start, so the measured compaction is the first one while serving.
  const loader = await EmbeddedMongoServer.start({ dbPath, compactionFloorBytes: NEVER });
  const loadClient = await MongoClient.connect(loader.uri);
  for (let i = 0; i < docs; i += BATCH)
    await loadClient
      .db('bench')
      .collection<any>('reports')
      .insertMany(
        Array.from({ length: Math.min(BATCH, docs - i) }, (_, j) => inspection(i + j, filler)),
      );
  await loadClient.close();
  await loader.stop();

  let held: (() => void) | undefined;
  let reachedStart!: () => void;
  const started = new Promise<void>((resolve) => (reachedStart = resolve));
  let reachedDone!: () => void;
  const done = new Promise<void>((resolve) => (reachedDone = resolve));
  const stepAt = new Map<CompactionStep, number>();
  const server = await EmbeddedMongoServer.start({
    dbPath,
    compactionFloorBytes: 16 * 1024 * 1024,
    onCompactionStep: async (step) => {
      stepAt.set(step, performance.now());
      if (step === 'journal-created') {
        reachedStart();
        await new Promise<void>((resolve) => (held = resolve));
        stepAt.set(step, performance.now());
      }
      if (step === 'done') reachedDone();
    },
  });
  const snapshotBytes = folderBytes(dbPath, /^snapshot\.bson$/);
  const client = await MongoClient.connect(server.uri, { maxPoolSize: 4 });
  try {
    const reports = client.db('bench').collection<any>('reports');
    // Rewrite documents until the journal outgrows the snapshot and a compaction begins.
    let compacting = false;
    void started.then(() => (compacting = true));
    for (let i = 0; !compacting; i = (i + BATCH) % docs) {
      await reports.bulkWrite(
        Array.from({ length: BATCH }, (_, j) => ({
          updateOne: { filter: { _id: (i + j) % docs }, update: { $inc: { scanVersion: 1 } } },
        })),
        { ordered: false },
      );
    }
    // Nothing else runs now but pings: what the loop does is the compaction. The same pings
    // for as long again with no compaction give the machine's own noise.
    const window = async (during: () => Promise<void>) => {
      const loop = monitorEventLoopDelay({ resolution: 1 });
      const pings: number[] = [];
      let pinging = true;
      const pinger = (async () => {
        while (pinging) {
          const sent = performance.now();
          await client.db('admin').command({ ping: 1 });
          pings.push(performance.now() - sent);
        }
      })();
      loop.enable();
      const began = performance.now();
      await during();
      loop.disable();
      pinging = false;
      await pinger;
      return {
        text: `longest event-loop stall ${(loop.max / 1e6).toFixed(1)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms), ${pings.length} pings, slowest ${Math.max(...pings).toFixed(1)} ms`,
        ms: performance.now() - began,
      };
    };
    const compaction = await window(async () => {
      held!();
      await done;
    });
    const idle = await window(() => new Promise((resolve) => setTimeout(resolve, compaction.ms)));
    const ms = (from: CompactionStep, to: CompactionStep) =>
      (stepAt.get(to)! - stepAt.get(from)!).toFixed(0);
    console.log(
      `compaction of ${docs.toLocaleString('en-US')} documents (snapshot ${mb(snapshotBytes)} before, ${mb(folderBytes(dbPath, /^snapshot\.bson$/))} after): ${ms('journal-created', 'done')} ms (capture + encode + fsync ${ms('journal-created', 'snapshot-written')} ms)`,
    );
    console.log(`  during the compaction: ${compaction.text}`);
    console.log(`  idle, as long:         ${idle.text}`);
  } finally {
    await client.close();
    await server.stop();
    fs.rmSync(dbPath, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `embedded-mongo compaction bench: node ${process.version}, ${os.cpus().length} CPUs, ${INSPECTIONS.toLocaleString('en-US')} inspections inserted then re-scanned twice`,
  );
  await rescanWorkload(NEVER);
  await rescanWorkload(16 * 1024 * 1024);
  await stallDuringBigCompaction();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
