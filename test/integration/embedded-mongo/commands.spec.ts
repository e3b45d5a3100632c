import * as net from 'node:net';
import { deserialize, serialize, type Document } from 'bson';
import { MongoServerError } from 'mongodb';
import { backendUri, errorOf, openTestDatabase, type TestDatabase } from './helpers';

// Handshake, administrative commands and the errors a standalone mongod gives.

describe('embedded-mongo conformance: handshake and admin commands', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('conf_commands');
  });
  afterAll(() => t.close());

  it('answers hello as a writable primary with sessions', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(typeof hello.logicalSessionTimeoutMinutes).toBe('number');
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.localTime).toBeInstanceOf(Date);
  });

  it('answers the legacy isMaster command', async () => {
    const reply = await t.db.admin().command({ isMaster: 1 });
    expect(reply.ismaster).toBe(true);
    expect(reply.isWritablePrimary).toBeUndefined();
  });

  it('answers a legacy OP_QUERY handshake with OP_REPLY', async () => {
    const { hostname, port } = new URL(backendUri().replace(/^mongodb:/, 'http:'));
    const reply = await opQuery(hostname.replace(/^\[|\]$/g, ''), Number(port || 27017), {
      isMaster: 1,
    });
    expect(reply.ok).toBe(1);
    expect(reply.ismaster).toBe(true);
    expect(reply.maxWireVersion).toBeGreaterThanOrEqual(21);
  });

  it('answers ping and buildInfo', async () => {
    expect((await t.db.command({ ping: 1 })).ok).toBe(1);
    const info = await t.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.versionArray[0]).toBeGreaterThanOrEqual(7);
  });

  it('creates, lists, renames and drops collections', async () => {
    await t.db.createCollection('alpha');
    await t.db.collection<any>('beta').insertOne({ x: 1 }); // implicit creation
    const names = (await t.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['alpha', 'beta']);
    const filtered = await t.db.listCollections({ name: 'alpha' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'alpha', type: 'collection' });
    const nameOnly = await t.db.listCollections({}, { nameOnly: true }).toArray();
    expect(nameOnly.map((c) => c.name).sort()).toEqual(['alpha', 'beta']);

    await t.db
      .admin()
      .command({ renameCollection: `${t.db.databaseName}.beta`, to: `${t.db.databaseName}.gamma` });
    expect(await t.db.collection<any>('gamma').countDocuments()).toBe(1);

    expect(await t.db.collection<any>('alpha').drop()).toBe(true);
    const after = (await t.db.listCollections().toArray()).map((c) => c.name);
    expect(after).toEqual(['gamma']);
  });

  it('create is idempotent with identical options and refuses different ones (code 48)', async () => {
    await t.db.command({ create: 'twice' });
    expect((await t.db.command({ create: 'twice' })).ok).toBe(1);
    const error = await errorOf(
      t.db.command({ create: 'twice', validator: { x: { $exists: true } } }),
    );
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error.code).toBe(48);
    expect(error.codeName).toBe('NamespaceExists');
  });

  it('drop of a missing collection succeeds (7.0+)', async () => {
    const reply = await t.db.command({ drop: 'never_created' });
    expect(reply.ok).toBe(1);
  });

  it('lists and drops databases', async () => {
    await t.db.collection<any>('present').insertOne({ a: 1 });
    const listed = await t.client.db('admin').admin().listDatabases();
    expect(listed.databases.map((d) => d.name)).toContain(t.db.databaseName);
    const nameOnly = await t.db.admin().command({ listDatabases: 1, nameOnly: true });
    expect(nameOnly.databases.map((d: Document) => d.name)).toContain(t.db.databaseName);

    const other = t.client.db(`${t.db.databaseName}_x`);
    await other.collection<any>('c').insertOne({ a: 1 });
    expect(await other.dropDatabase()).toBe(true);
    const after = await t.db.admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain(other.databaseName);
  });

  it('rejects unknown commands with CommandNotFound (59)', async () => {
    const error = await errorOf(t.db.command({ definitelyNotACommand: 1 }));
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error.code).toBe(59);
    expect(error.codeName).toBe('CommandNotFound');
  });

  it('accepts endSessions', async () => {
    const session = t.client.startSession();
    await t.db.collection<any>('s').findOne({}, { session });
    await session.endSession();
    const reply = await t.db.admin().command({ endSessions: [session.id] });
    expect(reply.ok).toBe(1);
  });

  it('answers transactions as the deployment does (standalone: IllegalOperation 20)', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    const coll = t.db.collection<any>('txn');
    await coll.insertOne({ before: true });
    const session = t.client.startSession();
    try {
      session.startTransaction();
      const attempt = coll.insertOne({ inside: true }, { session });
      if (hello.setName || hello.msg === 'isdbgrid') {
        await attempt;
        await session.commitTransaction();
        expect(await coll.countDocuments({ inside: true })).toBe(1);
      } else {
        // The driver rewraps mongod's IllegalOperation for a standalone; the original is kept.
        const error = await errorOf(attempt);
        expect(error.message).toMatch(/does not support retryable writes/);
        expect(error.originalError.code).toBe(20);
        expect(error.originalError.codeName).toBe('IllegalOperation');
        expect(error.originalError.message).toBe(
          'Transaction numbers are only allowed on a replica set member or mongos',
        );
        expect(await coll.countDocuments({ inside: true })).toBe(0);
      }
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
  });
});

/** Sends one OP_QUERY command to admin.$cmd and decodes the OP_REPLY. */
function opQuery(host: string, port: number, command: Document): Promise<Document> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const body = Buffer.from(serialize(command));
    const namespace = Buffer.from('admin.$cmd\0', 'utf8');
    const fixed = Buffer.alloc(12);
    fixed.writeInt32LE(0, 0); // flags
    fixed.writeInt32LE(0, 4); // numberToSkip
    fixed.writeInt32LE(-1, 8); // numberToReturn
    const length = 16 + 4 + namespace.length + 8 + body.length;
    const header = Buffer.alloc(16);
    header.writeInt32LE(length, 0);
    header.writeInt32LE(42, 4);
    header.writeInt32LE(0, 8);
    header.writeInt32LE(2004, 12);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= received.readInt32LE(0)) {
        socket.destroy();
        try {
          expect(received.readInt32LE(12)).toBe(1); // OP_REPLY
          expect(received.readInt32LE(8)).toBe(42); // responseTo
          expect(received.readInt32LE(32)).toBe(1); // numberReturned
          resolve(deserialize(received.subarray(36)));
        } catch (error) {
          reject(error);
        }
      }
    });
    socket.on('error', reject);
    socket.write(Buffer.concat([header, fixed.subarray(0, 4), namespace, fixed.subarray(4), body]));
  });
}
