import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedMongoServer } from '../../../src/embedded-mongo';
import { startDatabaseProcess } from '../../support/database-process';
import { journalFiles, withClient } from './own-server';

// Specific to the embedded server: its own journal, across clean stops, kill -9 and torn writes.

function tempDbPath(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-'));
}

describe('embedded-mongo persistence', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));
  const newFolder = (): string => {
    const folder = tempDbPath();
    folders.push(folder);
    return folder;
  };

  it('finds every change after a clean stop, and compacts the journal at start', async () => {
    const dbPath = newFolder();
    const first = await EmbeddedMongoServer.start({ dbPath });
    expect(first.dbPath).toBe(path.resolve(dbPath));
    expect(first.uri).toBe(`mongodb://127.0.0.1:${first.port}/`);
    await withClient(first.uri, async (client) => {
      const db = client.db('persist');
      const users = db.collection<any>('users');
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertMany([
        { _id: 1, email: 'a@x.vn', name: 'Công ty A' },
        { _id: 2, email: 'b@x.vn', name: 'B' },
        { _id: 3, email: 'c@x.vn', name: 'C' },
      ]);
      await users.updateOne({ _id: 2 }, { $set: { name: 'Bình' }, $currentDate: { at: true } });
      await users.deleteOne({ _id: 3 });
      await db.collection('gone').insertOne({ x: 1 });
      await db.collection('gone').drop();
      await db.collection('old_name').insertOne({ kept: true });
      await client
        .db('admin')
        .command({ renameCollection: 'persist.old_name', to: 'persist.new_name' });
      await client.db('dropped_db').collection('c').insertOne({ x: 1 });
      await client.db('dropped_db').dropDatabase();
    });
    await first.stop();

    const second = await EmbeddedMongoServer.start({ dbPath });
    try {
      const journals = journalFiles(dbPath);
      expect(journals.map((file) => fs.statSync(file).size)).toEqual([0]);
      // Compacted on stop: the data below can only come from the snapshot.
      expect(fs.existsSync(path.join(dbPath, 'snapshot.bson'))).toBe(true);
      await withClient(second.uri, async (client) => {
        const db = client.db('persist');
        const users = await db.collection('users').find().sort({ _id: 1 }).toArray();
        expect(users.map((u) => [u._id, u.name])).toEqual([
          [1, 'Công ty A'],
          [2, 'Bình'],
        ]);
        expect(users[1].at).toBeInstanceOf(Date);
        expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual([
          'new_name',
          'users',
        ]);
        const dbs = await client.db('admin').admin().listDatabases({ nameOnly: true });
        expect(dbs.databases.map((d) => d.name)).not.toContain('dropped_db');
        // The unique index came back and is enforced.
        const dup = await db
          .collection('users')
          .insertOne({ email: 'a@x.vn' })
          .catch((e: { code: number }) => e);
        expect((dup as { code: number }).code).toBe(11000);
        await db.collection('users').insertOne({ _id: 4, email: 'd@x.vn' } as never);
      });
    } finally {
      await second.stop();
    }
    const third = await EmbeddedMongoServer.start({ dbPath });
    try {
      await withClient(third.uri, async (client) => {
        expect(await client.db('persist').collection('users').countDocuments()).toBe(3);
      });
    } finally {
      await third.stop();
    }
  });

  it('finds every acknowledged write after kill -9 of the server process', async () => {
    const dbPath = newFolder();
    const { child, uri } = await startDatabaseProcess({ dbPath });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await withClient(uri, async (client) => {
        const c = client.db('crash').collection<any>('events');
        await c.createIndex({ seq: 1 }, { unique: true });
        // Many small concurrent writes: each is acknowledged only after its fsync.
        await Promise.all(
          Array.from({ length: 300 }, (_, i) => c.insertOne({ seq: i, text: 'Đầu tư' })),
        );
        await c.updateMany({ seq: { $lt: 10 } }, { $set: { edited: true } });
        await c.deleteOne({ seq: 299 });
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const restarted = await EmbeddedMongoServer.start({ dbPath });
    try {
      await withClient(restarted.uri, async (client) => {
        const c = client.db('crash').collection('events');
        expect(await c.countDocuments()).toBe(299);
        expect(await c.countDocuments({ edited: true })).toBe(10);
        expect(await c.findOne({ seq: 299 })).toBeNull();
        expect((await c.findOne({ seq: 5 }))!.text).toBe('Đầu tư');
        expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'seq_1']);
      });
    } finally {
      await restarted.stop();
    }
  });

  it('stops the CLI cleanly on SIGTERM, releasing the data folder', async () => {
    const dbPath = newFolder();
    const { child, uri } = await startDatabaseProcess({ dbPath });
    const exitCode = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await withClient(uri, (client) => client.db('cli').collection('c').insertOne({ a: 1 }));
    expect(fs.existsSync(path.join(dbPath, 'embedded-mongo.lock'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(fs.existsSync(path.join(dbPath, 'embedded-mongo.lock'))).toBe(false);
  });

  it('ignores a torn, unacknowledged tail of the journal', async () => {
    const dbPath = newFolder();
    const server = await EmbeddedMongoServer.start({ dbPath });
    await withClient(server.uri, (client) =>
      client.db('torn').collection('c').insertOne({ ok: true }),
    );
    // Simulate a crash in the middle of a journal write: stop, then append half a frame.
    await server.stop();
    const [journal] = journalFiles(dbPath);
    fs.appendFileSync(journal, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
    const messages: string[] = [];
    const restarted = await EmbeddedMongoServer.start({ dbPath, log: (msg) => messages.push(msg) });
    try {
      await withClient(restarted.uri, async (client) => {
        expect(await client.db('torn').collection('c').countDocuments({ ok: true })).toBe(1);
      });
      expect(messages.some((m) => /ignoring 10 trailing bytes/.test(m))).toBe(true);
    } finally {
      await restarted.stop();
    }
  });

  it('refuses a second server on a data folder in use', async () => {
    const dbPath = newFolder();
    const server = await EmbeddedMongoServer.start({ dbPath });
    try {
      await expect(EmbeddedMongoServer.start({ dbPath })).rejects.toThrow(/already open|in use/);
    } finally {
      await server.stop();
    }
  });

  it('expires documents of TTL indexes as the TTL monitor does', async () => {
    const server = await EmbeddedMongoServer.start();
    try {
      await withClient(server.uri, async (client) => {
        const leases = client.db('ttl').collection<any>('leases');
        await leases.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
        const now = Date.now();
        await leases.insertMany([
          { job: 'old', expiresAt: new Date(now - 60_000) },
          { job: 'fresh', expiresAt: new Date(now + 60_000) },
          { job: 'no date', expiresAt: 'soon' },
        ]);
        expect(await server.expireDocuments(new Date(now))).toBe(1);
        expect((await leases.find().toArray()).map((d) => d.job).sort()).toEqual([
          'fresh',
          'no date',
        ]);
      });
    } finally {
      await server.stop();
    }
  });

  it('leaves expired documents alone while ttlMonitorEnabled is off, as mongod does', async () => {
    const server = await EmbeddedMongoServer.start();
    try {
      await withClient(server.uri, async (client) => {
        const sessions = client.db('ttl').collection<any>('sessions');
        await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
        const now = Date.now();
        await sessions.insertOne({ who: 'cán bộ', expiresAt: new Date(now - 60_000) });
        const admin = client.db('admin');
        expect(await admin.command({ setParameter: 1, ttlMonitorEnabled: false })).toMatchObject({
          was: true,
          ok: 1,
        });
        expect(await admin.command({ getParameter: 1, ttlMonitorEnabled: 1 })).toMatchObject({
          ttlMonitorEnabled: false,
        });
        expect(await server.runTtlMonitor(new Date(now))).toBe(0);
        expect(await sessions.countDocuments()).toBe(1);
        await admin.command({ setParameter: 1, ttlMonitorEnabled: true });
        expect(await server.runTtlMonitor(new Date(now))).toBe(1);
        expect(await sessions.countDocuments()).toBe(0);
        await expect(admin.command({ setParameter: 1, notAParameter: 5 })).rejects.toThrow(
          'unsupported parameter: notAParameter',
        );
      });
    } finally {
      await server.stop();
    }
  });

  it('keeps nothing without a data folder', async () => {
    const first = await EmbeddedMongoServer.start();
    expect(first.dbPath).toBeUndefined();
    await withClient(first.uri, (client) => client.db('mem').collection('c').insertOne({ a: 1 }));
    await first.stop();
    const second = await EmbeddedMongoServer.start();
    try {
      await withClient(second.uri, async (client) => {
        expect(await client.db('mem').collection('c').countDocuments()).toBe(0);
      });
    } finally {
      await second.stop();
    }
  });
});
