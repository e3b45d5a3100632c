// The service's embedded default runs on a thread of its own: a heavy query keeps the
// database busy, not the event loop that answers the service's requests.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { startMongoBackend, type MongoBackend } from '../../src/database/mongo-backend';

describe('embedded default on its own thread', () => {
  let backend: MongoBackend;
  let client: MongoClient;
  beforeAll(async () => {
    backend = await startMongoBackend({ engine: 'wire' });
    client = await MongoClient.connect(backend.uri);
  });
  afterAll(async () => {
    await client.close();
    await backend.stop();
  });

  it('keeps the event loop free while the database works through a long aggregation', async () => {
    expect(backend.kind).toBe('wire');
    const items = client.db('thread').collection<{ n: number; name: string }>('items');
    for (let batch = 0; batch < 10; batch++)
      await items.insertMany(
        Array.from({ length: 10_000 }, (_, i) => ({ n: batch * 10_000 + i, name: `Công ty ${i}` })),
      );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    let total = 0;
    for (let round = 0; round < 3; round++) {
      const [sum] = await items
        .aggregate<{ total: number }>([
          { $match: { name: { $regex: 'ty' } } },
          { $group: { _id: null, total: { $sum: '$n' } } },
        ])
        .toArray();
      total = sum.total;
    }
    const busyMs = performance.now() - started;
    delay.disable();
    expect(total).toBe((100_000 * 99_999) / 2);
    // In the service's thread the aggregation would hold the loop for its whole length.
    // Three rounds: one round alone would be a third of busyMs.
    expect(delay.max / 1e6).toBeLessThan(busyMs / 6);
  });
});
