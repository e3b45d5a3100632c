import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongoServer } from '../../../src/embedded-mongo';
import { Journal } from '../../../src/embedded-mongo/journal';

// Specific to the embedded server: what a reply waits for. Under a steady stream of writes
// the group-commit loop never ends, so nothing may wait for "the loop" — only for its own
// batch. Before this, a count during an import waited 17–18 s.

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));
function tempDbPath(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-flush-'));
  folders.push(folder);
  return folder;
}

describe('embedded-mongo journal flush', () => {
  it('a flush with nothing pending waits for the batch in flight, not for batches queued after it', async () => {
    const journal = await Journal.open(
      tempDbPath(),
      () => undefined,
      () => [],
      () => undefined,
    );
    try {
      const settled: string[] = [];
      journal.record({ op: 'first' });
      const first = journal.flush().then(() => settled.push('first'));
      // The first batch is in flight now and nothing is pending.
      const idle = journal.flush().then(() => settled.push('idle'));
      journal.record({ op: 'second' });
      const second = journal.flush().then(() => settled.push('second'));
      await Promise.all([first, idle, second]);
      expect(settled[2]).toBe('second');
      expect(settled.slice(0, 2).sort()).toEqual(['first', 'idle']);
      expect(journal.recordedCount).toBe(2);
    } finally {
      await journal.close();
    }
  });

  it('answers reads and aggregations at once while the journal is stuck, and holds writes until it is on disk', async () => {
    const server = await EmbeddedMongoServer.start({ dbPath: tempDbPath() });
    const client = await MongoClient.connect(server.uri);
    try {
      const items = client.db('flush').collection<{ _id: number; n: number }>('items');
      await items.insertMany([
        { _id: 1, n: 1 },
        { _id: 2, n: 2 },
      ]);
      // Hold every fsync until released: a write stream that never drains.
      const journal = (server as unknown as { journal: Journal }).journal;
      const realFlush = journal.flush.bind(journal);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      journal.flush = () => gate.then(realFlush);

      let insertAcknowledged = false;
      const insert = items.insertOne({ _id: 3, n: 3 }).then(() => (insertAcknowledged = true));
      expect(await items.countDocuments({ n: { $gte: 1 } })).toBe(3);
      expect(await items.find({ _id: 1 }).toArray()).toEqual([{ _id: 1, n: 1 }]);
      const [sum] = await items
        .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$n' } } }])
        .toArray();
      expect(sum.total).toBe(6);
      expect(insertAcknowledged).toBe(false);

      release();
      await insert;
      expect(insertAcknowledged).toBe(true);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
