import { MongoClient, MongoServerError } from 'mongodb';
import { startMongoBackend } from '../../../src/database/mongo-backend';
import { EmbeddedMongoServer } from '../../../src/embedded-mongo';

// A server started with credentials serves only clients that prove them (SCRAM-SHA-256 through
// the driver's own implementation); the service's embedded default makes a secret per start.

describe('embedded server: the per-start secret', () => {
  let server: EmbeddedMongoServer;
  const password = 'bí mật của lần chạy này';

  beforeAll(async () => {
    server = await EmbeddedMongoServer.start({ credentials: { username: 'service', password } });
  });
  afterAll(() => server.stop());

  const bare = () => `mongodb://127.0.0.1:${server.port}/`;
  const withPassword = (p: string) =>
    `mongodb://service:${encodeURIComponent(p)}@127.0.0.1:${server.port}/?authSource=admin&authMechanism=SCRAM-SHA-256`;

  it('serves a client that authenticates with the secret', async () => {
    const client = await MongoClient.connect(server.uri);
    try {
      await client.db('x').collection('c').insertOne({ tên: 'Sở Khoa học và Công nghệ' });
      expect(
        await client
          .db('x')
          .collection('c')
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({
        tên: 'Sở Khoa học và Công nghệ',
      });
    } finally {
      await client.close();
    }
  });

  it('refuses every data command from a client without credentials (13 Unauthorized)', async () => {
    const client = await MongoClient.connect(bare(), { serverSelectionTimeoutMS: 2000 });
    try {
      await expect(client.db('x').collection('c').findOne({})).rejects.toMatchObject({
        code: 13,
        codeName: 'Unauthorized',
      });
      await expect(client.db('x').collection('c').insertOne({ a: 1 })).rejects.toMatchObject({
        code: 13,
      });
      // ...while the handshake still answers, as mongod's does.
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
    }
  });

  it('refuses a wrong password (18 AuthenticationFailed)', async () => {
    const error = await MongoClient.connect(withPassword('đoán mò'), {
      serverSelectionTimeoutMS: 2000,
    }).then(
      (c) => c.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 18 });
  });

  it('the service starts its in-process server with a fresh secret each time', async () => {
    const a = await startMongoBackend({ engine: 'wire' });
    const b = await startMongoBackend({ engine: 'wire' });
    try {
      const secret = (uri: string) => /\/\/service:([^@]+)@/.exec(uri)?.[1];
      expect(secret(a.uri)).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(secret(a.uri)).not.toBe(secret(b.uri));
      const client = await MongoClient.connect(a.uri);
      expect(await client.db('x').collection('c').countDocuments()).toBe(0);
      await client.close();
      const port = new URL(a.uri).port;
      const stranger = await MongoClient.connect(`mongodb://127.0.0.1:${port}/`);
      await expect(stranger.db('x').collection('c').countDocuments()).rejects.toMatchObject({
        code: 13,
      });
      await stranger.close();
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
