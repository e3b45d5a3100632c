import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { EmbeddedMongoServer, type CompactionStep } from '../../../src/embedded-mongo';
import { Catalog } from '../../../src/embedded-mongo/catalog';
import {
  decodeFrames,
  encodeFrame,
  Journal,
  journalFileName,
} from '../../../src/embedded-mongo/journal';
import { startDatabaseProcess } from '../../support/database-process';
import { journalFiles, withClient } from './own-server';

// Specific to the embedded server: the journal is compacted into the snapshot while serving,
// and a crash at any moment of that (kill -9, torn writes) restarts into every acknowledged
// write, once.

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));
function newFolder(label = 'embedded-compaction-'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), label));
  folders.push(folder);
  return folder;
}

const sizeOf = (file: string): number => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const snapshotOf = (dbPath: string): string => path.join(dbPath, 'snapshot.bson');
const journalOf = (server: EmbeddedMongoServer): Journal =>
  (server as unknown as { journal: Journal }).journal;
const padding = 'Công ty TNHH Đầu tư '.repeat(20); // ~400 bytes of UTF-8

/** The files of a data folder as a crash at this instant would leave them (lock aside). */
function copyFolder(dbPath: string, label: string): string {
  const copy = newFolder(`embedded-compaction-${label}-`);
  for (const name of fs.readdirSync(dbPath)) {
    if (name === 'embedded-mongo.lock') continue;
    fs.copyFileSync(path.join(dbPath, name), path.join(copy, name));
  }
  return copy;
}

/** Every user collection with its indexes and documents, in a stable order. */
async function dumpState(client: MongoClient): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  for (const { name: dbName } of databases.sort((a, b) => a.name.localeCompare(b.name))) {
    if (['admin', 'config', 'local'].includes(dbName)) continue;
    const db = client.db(dbName);
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name))) {
      const collection = db.collection(name);
      state[`${dbName}.${name}`] = {
        indexes: (await collection.indexes())
          .map((index) => ({ name: index.name, key: index.key, unique: index.unique === true }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
        // The long filler shows as a mark, so a failing comparison stays readable.
        docs: (await collection.find().sort({ _id: 1 }).toArray()).map((doc) =>
          doc.padding === padding ? { ...doc, padding: '<padding>' } : doc,
        ),
      };
    }
  }
  return state;
}

/** Starts a server on the folder, returns its state; twice, as the first start compacts. */
async function restartedState(dbPath: string): Promise<Record<string, unknown>[]> {
  const states: Record<string, unknown>[] = [];
  for (let i = 0; i < 2; i++) {
    const server = await EmbeddedMongoServer.start({ dbPath });
    try {
      states.push(await withClient(server.uri, dumpState));
    } finally {
      await server.stop();
    }
  }
  return states;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('embedded-mongo journal compaction while serving', () => {
  it('compacts once the journal outgrows the floor: the journal shrinks, the snapshot grows, a restart finds everything', async () => {
    const dbPath = newFolder();
    const floor = 64 * 1024;
    const seen: { step: CompactionStep; journals: number[]; snapshot: number; modes: number[] }[] =
      [];
    const messages: string[] = [];
    const server = await EmbeddedMongoServer.start({
      dbPath,
      compactionFloorBytes: floor,
      log: (msg) => messages.push(msg),
      onCompactionStep: (step) => {
        seen.push({
          step,
          journals: journalFiles(dbPath).map(sizeOf),
          snapshot: sizeOf(snapshotOf(dbPath)),
          // Every file present mid-compaction, the temp snapshot included.
          modes: fs
            .readdirSync(dbPath)
            .map((name) => fs.statSync(path.join(dbPath, name)).mode & 0o777),
        });
      },
    });
    const emptySnapshot = sizeOf(snapshotOf(dbPath));
    try {
      await withClient(server.uri, async (client) => {
        const plans = client.db('compaction').collection<any>('plans');
        await plans.createIndex({ code: 1 }, { unique: true });
        for (let batch = 0; batch < 20; batch++) {
          await plans.insertMany(
            Array.from({ length: 20 }, (_, i) => ({
              _id: batch * 20 + i,
              code: `P${batch * 20 + i}`,
              padding,
            })),
          );
          await journalOf(server).whenCompacted();
        }
        await plans.updateMany({ _id: { $lt: 10 } }, { $set: { approved: true } });
        await plans.deleteOne({ _id: 399 });
      });
    } finally {
      await server.stop();
    }
    // The files the compaction made are the service user's alone, as every other.
    const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
    expect(modeOf(dbPath)).toBe(0o700);
    expect(fs.readdirSync(dbPath).map((name) => [name, modeOf(path.join(dbPath, name))])).toEqual(
      fs.readdirSync(dbPath).map((name) => [name, 0o600]),
    );
    expect(seen.flatMap((s) => s.modes).every((mode) => mode === 0o600)).toBe(true);
    const renamed = seen.filter((s) => s.step === 'snapshot-renamed');
    const done = seen.filter((s) => s.step === 'done');
    expect(renamed.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBe(renamed.length);
    // Before the superseded journal goes: it holds more than the floor; after: only the new one, smaller.
    expect(renamed[0].journals).toHaveLength(2);
    expect(renamed[0].journals[0]).toBeGreaterThan(floor);
    expect(done[0].journals).toHaveLength(1);
    expect(done[0].journals[0]).toBeLessThan(renamed[0].journals[0]);
    expect(renamed[0].snapshot).toBeGreaterThan(emptySnapshot + floor / 2);
    expect(messages.filter((m) => /journal: compacted into generation/.test(m))).toHaveLength(
      done.length,
    );

    // The restart replays far fewer journal entries than the 400 inserts: the rest is in the snapshot.
    const restartMessages: string[] = [];
    const restarted = await EmbeddedMongoServer.start({
      dbPath,
      log: (msg) => restartMessages.push(msg),
    });
    try {
      const loaded = restartMessages
        .map((m) => /loaded (\d+) snapshot and (\d+) journal/.exec(m))
        .find(Boolean)!;
      expect(Number(loaded[2])).toBeLessThan(400);
      expect(Number(loaded[1])).toBeGreaterThan(0);
      await withClient(restarted.uri, async (client) => {
        const plans = client.db('compaction').collection<any>('plans');
        expect(await plans.countDocuments()).toBe(399);
        expect(await plans.countDocuments({ approved: true })).toBe(10);
        expect((await plans.findOne({ _id: 123 }))!.padding).toBe(padding);
        expect((await plans.indexes()).map((index) => index.name)).toEqual(['_id_', 'code_1']);
      });
    } finally {
      await restarted.stop();
    }
  });

  it('acknowledges writes during a compaction into the new journal, runs one compaction at a time, and a restart finds them', async () => {
    const dbPath = newFolder();
    const paused = deferred();
    const resume = deferred();
    const steps: CompactionStep[] = [];
    const server = await EmbeddedMongoServer.start({
      dbPath,
      compactionFloorBytes: 32 * 1024,
      onCompactionStep: async (step) => {
        steps.push(step);
        if (step === 'captured' && steps.filter((s) => s === 'captured').length === 1) {
          paused.resolve();
          await resume.promise;
        }
      },
    });
    let generationDuringPause = 0;
    try {
      await withClient(server.uri, async (client) => {
        const db = client.db('during');
        const sites = db.collection<any>('sites');
        await db.collection<any>('temp').insertOne({ _id: 'moved', kept: true });
        await sites.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, padding })));
        await paused.promise;
        generationDuringPause = journalOf(server).generation;
        // Held at step 2: the snapshot is not written yet. Each write below is acknowledged.
        await sites.insertOne({ _id: 'new', padding });
        await sites.updateOne({ _id: 1 }, { $set: { state: 'closed' } });
        await sites.deleteOne({ _id: 2 });
        await sites.createIndex({ state: 1 });
        await client.db('admin').command({ renameCollection: 'during.temp', to: 'during.moved' });
        expect(await sites.countDocuments()).toBe(100);
        // Past the threshold again several times: still the one compaction.
        for (let i = 0; i < 5; i++)
          await sites.insertMany(
            Array.from({ length: 40 }, (_, j) => ({ _id: `more-${i}-${j}`, padding })),
          );
        expect(steps).toEqual(['journal-created', 'captured']);
        resume.resolve();
        await journalOf(server).whenCompacted();
        expect(steps.slice(0, 5)).toEqual([
          'journal-created',
          'captured',
          'snapshot-written',
          'snapshot-renamed',
          'done',
        ]);
      });
      // The writes of the pause are in the new journal, not only in memory.
      const newJournal = path.join(dbPath, journalFileName(generationDuringPause));
      const entries = decodeFrames(fs.readFileSync(newJournal)).entries;
      expect(entries.map((entry) => entry.op)).toEqual(
        expect.arrayContaining(['put', 'delete', 'createIndex', 'renameCollection']),
      );
      expect(entries.some((entry) => entry.op === 'put' && entry.doc?._id === 'new')).toBe(true);
      expect(entries.some((entry) => entry.op === 'put' && entry.doc?._id === 99)).toBe(false);
    } finally {
      await server.stop();
    }
    const [state] = await restartedState(dbPath);
    const sites = state['during.sites'] as { docs: Document[]; indexes: Document[] };
    expect(sites.docs).toHaveLength(100 + 200);
    expect(sites.docs.find((d) => d._id === 1)!.state).toBe('closed');
    expect(sites.docs.find((d) => d._id === 2)).toBeUndefined();
    expect(sites.docs.find((d) => d._id === 'new')).toBeDefined();
    expect(sites.indexes.map((index) => index.name)).toEqual(['_id_', 'state_1']);
    expect(Object.keys(state).sort()).toEqual(['during.moved', 'during.sites']);
  });

  it('keeps every write of a steady stream acknowledged across many compactions', async () => {
    const dbPath = newFolder();
    let compactions = 0;
    const server = await EmbeddedMongoServer.start({
      dbPath,
      compactionFloorBytes: 4 * 1024,
      onCompactionStep: (step) => {
        if (step === 'done') compactions++;
      },
    });
    const big = padding.repeat(5); // fewer writes for the same bytes
    const acknowledged = new Set<string>();
    try {
      await withClient(server.uri, async (client) => {
        const events = client.db('stream').collection<any>('events');
        // Writers never pause, so writes arrive at every moment of each compaction.
        await Promise.all(
          Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; compactions < 8 && i < 500; i++) {
              await events.insertOne({ _id: `w${w}-${i}`, padding: big });
              acknowledged.add(`w${w}-${i}`);
            }
          }),
        );
      });
    } finally {
      await server.stop();
    }
    expect(compactions).toBeGreaterThanOrEqual(8);
    const [state] = await restartedState(dbPath);
    const ids = (state['stream.events'] as { docs: Document[] }).docs.map((d) => String(d._id));
    expect(ids.filter((id) => !acknowledged.has(id))).toEqual([]);
    expect(ids.length).toBe(acknowledged.size);
  });

  it('restarts into the acknowledged state from the files as they are after each step of a compaction', async () => {
    const dbPath = newFolder();
    let client!: MongoClient;
    let armed = true;
    const copies: { label: string; folder: string; expected: Record<string, unknown> }[] = [];
    const people = () => client.db('steps').collection<any>('people');
    // Different writes at each step, so each copy's expected state is its own.
    const writesAt: Record<CompactionStep, () => Promise<unknown>> = {
      'journal-created': async () => {
        await people().insertOne({ _id: 4, email: 'd@x.vn' });
        await people().updateOne({ _id: 1 }, { $set: { name: 'Một' } });
      },
      captured: async () => {
        await people().insertOne({ _id: 5, email: 'e@x.vn' });
        await people().deleteOne({ _id: 1 });
        await client
          .db('admin')
          .command({ renameCollection: 'steps.renamed', to: 'steps.renamed_again' });
        await client.db('steps').collection('padding').createIndex({ n: 1 });
      },
      'snapshot-written': async () => {
        await people().insertOne({ _id: 6, email: 'f@x.vn' });
        await client.db('steps').collection('padding').deleteOne({ n: 3 });
      },
      'snapshot-renamed': async () => {
        await people().insertOne({ _id: 7, email: 'g@x.vn' });
        await client.db('steps').collection('padding').dropIndex('n_1');
      },
      done: () => people().insertOne({ _id: 8, email: 'h@x.vn' }),
    };
    const server = await EmbeddedMongoServer.start({
      dbPath,
      compactionFloorBytes: 32 * 1024,
      onCompactionStep: async (step) => {
        if (!armed) return;
        if (step === 'done') armed = false;
        await writesAt[step]();
        await journalOf(server).flush();
        copies.push({
          label: step,
          folder: copyFolder(dbPath, step),
          expected: await dumpState(client),
        });
      },
    });
    try {
      client = await MongoClient.connect(server.uri);
      // Journal 1 (superseded by the compaction) holds a rename: replaying it twice would fail.
      await people().createIndex({ email: 1 }, { unique: true });
      await people().insertMany([
        { _id: 1, email: 'a@x.vn' },
        { _id: 2, email: 'b@x.vn' },
        { _id: 3, email: 'c@x.vn' },
      ]);
      await client.db('steps').collection<any>('old_name').insertOne({ _id: 'r', kept: true });
      await client.db('admin').command({ renameCollection: 'steps.old_name', to: 'steps.renamed' });
      await people().updateOne({ _id: 2 }, { $set: { name: 'Hai' } });
      await people().deleteOne({ _id: 3 });
      await client
        .db('steps')
        .collection('padding')
        .insertMany(Array.from({ length: 100 }, (_, n) => ({ n, padding })));
      await journalOf(server).whenCompacted();
      expect(copies.map((c) => c.label)).toEqual([
        'journal-created',
        'captured',
        'snapshot-written',
        'snapshot-renamed',
        'done',
      ]);
      copies.push({
        label: 'after',
        folder: copyFolder(dbPath, 'after'),
        expected: await dumpState(client),
      });
    } finally {
      await client?.close();
      await server.stop();
    }

    const at = (label: string) => copies.find((c) => c.label === label)!;
    const newest = (folder: string) => journalFiles(folder)[journalFiles(folder).length - 1];
    const oldest = (folder: string) => journalFiles(folder)[0];
    // What each copy holds, as the protocol says.
    expect(journalFiles(at('journal-created').folder).map(sizeOf)[1]).toBe(0);
    expect(fs.existsSync(path.join(at('snapshot-written').folder, 'snapshot.bson.tmp'))).toBe(true);
    expect(journalFiles(at('snapshot-renamed').folder)).toHaveLength(2);
    expect(journalFiles(at('done').folder)).toHaveLength(1);

    // Torn writes at the worst moments, on top of the copies.
    const torn = Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]);
    const tornTemp = copyFolder(at('snapshot-written').folder, 'torn-temp');
    const temp = path.join(tornTemp, 'snapshot.bson.tmp');
    fs.truncateSync(temp, Math.floor(sizeOf(temp) / 2));
    copies.push({
      label: 'temp snapshot half written',
      folder: tornTemp,
      expected: at('snapshot-written').expected,
    });
    const tornNew = copyFolder(at('captured').folder, 'torn-new');
    fs.appendFileSync(newest(tornNew), torn);
    copies.push({
      label: 'torn tail of the new journal',
      folder: tornNew,
      expected: at('captured').expected,
    });
    const tornOld = copyFolder(at('snapshot-renamed').folder, 'torn-old');
    fs.appendFileSync(oldest(tornOld), torn);
    copies.push({
      label: 'torn tail of the superseded journal',
      folder: tornOld,
      expected: at('snapshot-renamed').expected,
    });

    for (const { label, folder, expected } of copies) {
      const states = await restartedState(folder).catch((error: Error) => [
        { failed: error.message },
      ]);
      expect({ label, state: states[0] }).toEqual({ label, state: expected });
      expect({ label, state: states[1] }).toEqual({ label, state: expected });
    }
  });

  it('writes entries still queued at the switch to the old journal, before any newer one, and supersedes it only once they are on disk', async () => {
    const dbPath = newFolder();
    const opened: { journal?: Journal } = {};
    const catalog = new Catalog({ record: (entry) => opened.journal?.record(entry) });
    const copies: string[] = [];
    const events: string[] = [];
    const waits: Promise<unknown>[] = [];
    let releaseOldJournal!: () => void;
    const oldJournalGate = new Promise<void>((resolve) => (releaseOldJournal = resolve));
    let after: Promise<unknown> = Promise.resolve();
    const flushed = (label: string) => {
      const done = opened.journal!.flush().then(() => events.push(label));
      waits.push(done);
      return done;
    };
    const journal = await Journal.open(
      dbPath,
      (entries) => entries.forEach((entry) => catalog.applyJournalEntry(entry)),
      () => catalog.snapshotEntries(),
      () => undefined,
      {
        compactionFloorBytes: 1024,
        onCompactionStep: async (step) => {
          if (step === 'journal-created') {
            // The old journal's fsyncs wait for the gate: one batch in flight, one queued.
            const old = (journal as unknown as { active: { handle: FileHandle } }).active.handle;
            const datasync = old.datasync.bind(old);
            old.datasync = () => oldJournalGate.then(datasync);
            catalog.ensureCollection('j', 'a').insert({ _id: 'in flight' });
            void flushed('in flight on disk');
            catalog.renameCollection('j', 'a', 'j', 'b', false);
            catalog.ensureCollection('j', 'b').insert({ _id: 'queued' });
          }
          if (step === 'captured') {
            void flushed('queued on disk'); // nothing new recorded: waits for the queued batch
            catalog.ensureCollection('j', 'b').insert({ _id: 'after' });
            after = flushed('after on disk');
          }
          if (step === 'snapshot-written') setTimeout(releaseOldJournal, 20);
          if (step === 'snapshot-renamed') {
            events.push('snapshot renamed');
            await after;
            copies.push(copyFolder(dbPath, 'queued'));
          }
        },
      },
    );
    opened.journal = journal;
    try {
      catalog.ensureCollection('j', 'a').insert({ _id: 1, padding: 'x'.repeat(2000) });
      await journal.flush();
      await journal.whenCompacted();
      await Promise.all(waits);
    } finally {
      await journal.close();
    }
    expect(events.filter((event) => event !== 'snapshot renamed')).toEqual([
      'in flight on disk',
      'queued on disk',
      'after on disk',
    ]);
    expect(events.indexOf('queued on disk')).toBeLessThan(events.indexOf('snapshot renamed'));
    // The old journal holds the rename, the new one does not: each is replayed once or not at all.
    const [oldJournal, newJournal] = journalFiles(copies[0]).map(
      (file) => decodeFrames(fs.readFileSync(file)).entries,
    );
    expect(oldJournal.map((entry) => [entry.op, entry.doc?._id])).toEqual([
      ['createCollection', undefined],
      ['put', 1],
      ['put', 'in flight'],
      ['renameCollection', undefined],
      ['put', 'queued'],
    ]);
    expect(newJournal.map((entry) => [entry.op, entry.doc?._id])).toEqual([['put', 'after']]);
    const [state] = await restartedState(copies[0]);
    expect(state).toEqual({
      'j.b': {
        indexes: [{ name: '_id_', key: { _id: 1 }, unique: false }],
        docs: [
          { _id: 1, padding: 'x'.repeat(2000) },
          { _id: 'after' },
          { _id: 'in flight' },
          { _id: 'queued' },
        ],
      },
    });
  });

  it('reads a data folder written before journal generations', async () => {
    const dbPath = newFolder();
    const frames = (entries: Document[]) => Buffer.concat(entries.map(encodeFrame));
    fs.writeFileSync(
      snapshotOf(dbPath),
      frames([
        { op: 'createCollection', db: 'legacy', coll: 'c', options: {} },
        { op: 'put', db: 'legacy', coll: 'c', doc: { _id: 1, from: 'snapshot' } },
      ]),
    );
    fs.writeFileSync(
      path.join(dbPath, 'journal.bson'),
      frames([{ op: 'put', db: 'legacy', coll: 'c', doc: { _id: 2, from: 'journal' } }]),
    );
    const [first, second] = await restartedState(dbPath);
    expect(first).toEqual(second);
    expect((first['legacy.c'] as { docs: Document[] }).docs).toEqual([
      { _id: 1, from: 'snapshot' },
      { _id: 2, from: 'journal' },
    ]);
    expect(fs.readdirSync(dbPath).sort()).toEqual([journalFileName(1), 'snapshot.bson']);
  });

  it('logs a failed compaction, keeps every acknowledged write, and compacts later', async () => {
    const dbPath = newFolder();
    const messages: string[] = [];
    let failAt: CompactionStep | undefined = 'snapshot-written';
    const server = await EmbeddedMongoServer.start({
      dbPath,
      compactionFloorBytes: 16 * 1024,
      log: (msg) => messages.push(msg),
      onCompactionStep: (step) => {
        if (step === failAt) throw new Error('ENOSPC: no space left on device');
      },
    });
    const temp = path.join(dbPath, 'snapshot.bson.tmp');
    const snapshotBefore = fs.readFileSync(snapshotOf(dbPath));
    try {
      await withClient(server.uri, async (client) => {
        const c = client.db('fail').collection<any>('c');
        const write = async (from: number) => {
          await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: from + i, padding })));
          await journalOf(server).whenCompacted();
        };
        await write(0);
        expect(
          messages.filter((m) => /compaction into generation \d+ failed \(ENOSPC/.test(m)),
        ).toHaveLength(1);
        expect(fs.readFileSync(snapshotOf(dbPath))).toEqual(snapshotBefore);
        expect(fs.existsSync(temp)).toBe(false);
        expect(journalFiles(dbPath)).toHaveLength(2);
        const copy = copyFolder(dbPath, 'failed');

        // A real disk error at step 3: the temp file cannot be made.
        failAt = undefined;
        fs.mkdirSync(temp);
        await write(50);
        expect(
          messages.filter((m) => /compaction into generation \d+ failed/.test(m)),
        ).toHaveLength(2);
        fs.rmdirSync(temp);
        await write(100);
        expect(messages.filter((m) => /journal: compacted into generation/.test(m))).toHaveLength(
          1,
        );
        expect(journalFiles(dbPath)).toHaveLength(1);
        const [fromCopy] = await restartedState(copy);
        expect((fromCopy['fail.c'] as { docs: unknown[] }).docs).toHaveLength(50);
      });
    } finally {
      await server.stop();
    }
    const [state] = await restartedState(dbPath);
    expect((state['fail.c'] as { docs: Document[] }).docs.map((d) => d._id)).toEqual(
      Array.from({ length: 150 }, (_, i) => i),
    );
  });

  it('finds every acknowledged write exactly once after kill -9 while compactions run', async () => {
    const dbPath = newFolder();
    let compactionsStarted = 0;
    let reachedCompactions!: () => void;
    const reached = new Promise<void>((resolve) => (reachedCompactions = resolve));
    const { child, uri } = await startDatabaseProcess({
      dbPath,
      args: ['--compaction-floor-bytes', '16384'],
      onOutput: (line) => {
        if (/journal: compacting into generation/.test(line) && ++compactionsStarted === 6)
          reachedCompactions();
      },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const workers = 4;
    const acknowledged = Array.from({ length: workers }, () => ({
      inserts: new Set<string>(),
      increments: 0,
    }));
    const sent = Array.from({ length: workers }, () => ({ inserts: 0, increments: 0 }));
    const client = await MongoClient.connect(uri, { maxPoolSize: workers * 2 });
    try {
      const events = client.db('crash').collection<any>('events');
      const counters = client.db('crash').collection<any>('counters');
      // Each worker stops at its first failure: the connection dies with the process.
      const stream = Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          for (let i = 0; i < 5000; i++) {
            const _id = `w${w}-${i}`;
            sent[w].inserts = i + 1;
            await events.insertOne({ _id, worker: w, seq: i, padding });
            acknowledged[w].inserts.add(_id);
            sent[w].increments++;
            await counters.updateOne({ _id: `w${w}` }, { $inc: { n: 1 } }, { upsert: true });
            acknowledged[w].increments++;
          }
        }).map((worker) => worker.catch(() => undefined)),
      );
      await Promise.race([reached, stream]); // the bound only ends a run that never compacts
      child.kill('SIGKILL');
      await exited;
      await stream;
    } finally {
      await client.close(true).catch(() => undefined);
    }
    expect(compactionsStarted).toBeGreaterThanOrEqual(6);
    const server = await EmbeddedMongoServer.start({ dbPath });
    try {
      await withClient(server.uri, async (c) => {
        for (let w = 0; w < workers; w++) {
          const docs = await c.db('crash').collection('events').find({ worker: w }).toArray();
          const ids = docs.map((d) => String(d._id));
          const present = new Set(ids);
          expect(present.size).toBe(ids.length);
          expect([...acknowledged[w].inserts].filter((id) => !present.has(id))).toEqual([]);
          expect(ids.length).toBeLessThanOrEqual(sent[w].inserts);
          expect(docs.every((d) => d.padding === padding)).toBe(true);
          const counter = await c
            .db('crash')
            .collection<any>('counters')
            .findOne({ _id: `w${w}` });
          expect(counter!.n).toBeGreaterThanOrEqual(acknowledged[w].increments);
          expect(counter!.n).toBeLessThanOrEqual(sent[w].increments);
        }
        expect(acknowledged.reduce((sum, a) => sum + a.inserts.size, 0)).toBeGreaterThan(100);
      });
    } finally {
      await server.stop();
    }
  });
});
