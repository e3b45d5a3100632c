import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongoServer } from '../../../src/embedded-mongo';

// Started without credentials the embedded server asks for none: its files are its user's alone and it serves
// this machine only.

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('embedded server: file modes and loopback', () => {
  it('writes its data folder 0700 and every file 0600, narrowing older ones', async () => {
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-modes-'));
    try {
      fs.chmodSync(dbPath, 0o755);
      fs.writeFileSync(path.join(dbPath, 'journal.bson'), Buffer.alloc(0), { mode: 0o644 });
      const server = await EmbeddedMongoServer.start({ dbPath });
      const client = await MongoClient.connect(server.uri);
      await client.db('x').collection('c').insertOne({ a: 1 });
      await client.close();
      await server.stop();
      const server2 = await EmbeddedMongoServer.start({ dbPath }); // compacts into a snapshot
      await server2.stop();
      const files = fs.readdirSync(dbPath);
      expect(files.length).toBeGreaterThan(0);
      expect(modeOf(dbPath)).toBe(0o700);
      expect(files.map((f) => [f, modeOf(path.join(dbPath, f))])).toEqual(
        files.map((f) => [f, 0o600]),
      );
    } finally {
      fs.rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it('refuses to listen beyond loopback unless told to', async () => {
    await expect(EmbeddedMongoServer.start({ host: '0.0.0.0' })).rejects.toThrow(/allowRemote/);
    const server = await EmbeddedMongoServer.start({ host: '0.0.0.0', allowRemote: true });
    await server.stop();
  });
});
