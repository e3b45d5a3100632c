import { openTestDatabase, type TestDatabase } from './helpers';

// $set / $inc / $unset on top-level fields (the updates a service sends most), as mongod
// applies them: results, field order, modified counts, and stored versions left untouched.

describe('embedded-mongo conformance: simple field updates', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('conf_simple_updates');
  });
  afterAll(() => t.close());

  it('sets, increments and unsets fields, keeping field order', async () => {
    const c = t.db.collection<any>('fields');
    const at = new Date('2026-02-03T04:05:06Z');
    await c.insertOne({ _id: 'a', status: 'open', revision: 1, closure: { at }, tags: ['x'] });
    const result = await c.updateOne(
      { _id: 'a', status: 'open' },
      {
        $set: { status: 'closed', note: { en: 'done', at }, tags: ['y', 'z'] },
        $inc: { revision: 1, reopened: 2 },
        $unset: { closure: '', missing: '' },
      },
    );
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const doc = await c.findOne({ _id: 'a' });
    expect(doc).toEqual({
      _id: 'a',
      status: 'closed',
      revision: 2,
      tags: ['y', 'z'],
      note: { en: 'done', at },
      reopened: 2,
    });
    expect(Object.keys(doc!)).toEqual(['_id', 'status', 'revision', 'tags', 'note', 'reopened']);
  });

  it('reports no modification when every value is already there', async () => {
    const c = t.db.collection<any>('noop');
    await c.insertMany([
      { _id: 1, a: 'x', n: 5, d: { b: [1, 2] } },
      { _id: 2, a: 'y', n: 5, d: { b: [1, 2] } },
    ]);
    const same = await c.updateMany({}, { $set: { n: 5, d: { b: [1, 2] } }, $unset: { zz: '' } });
    expect(same).toMatchObject({ matchedCount: 2, modifiedCount: 0 });
    const zero = await c.updateOne({ _id: 1 }, { $inc: { n: 0 } });
    expect(zero).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const some = await c.updateMany({}, { $set: { a: 'x' } });
    expect(some).toMatchObject({ matchedCount: 2, modifiedCount: 1 });
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, a: 'x', n: 5, d: { b: [1, 2] } },
      { _id: 2, a: 'x', n: 5, d: { b: [1, 2] } },
    ]);
  });

  it('upserts with $setOnInsert and leaves an existing document alone', async () => {
    const c = t.db.collection<any>('upserts');
    const history = [{ action: 'detected', at: new Date('2026-01-01T00:00:00Z') }];
    const first = await c.updateOne(
      { _id: 'k1' },
      { $setOnInsert: { status: 'open', history, revision: 1 } },
      { upsert: true },
    );
    expect(first).toMatchObject({ upsertedCount: 1, upsertedId: 'k1' });
    const again = await c.updateOne(
      { _id: 'k1' },
      { $setOnInsert: { status: 'other', history: [], revision: 9 } },
      { upsert: true },
    );
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 0, upsertedCount: 0 });
    expect(await c.findOne({ _id: 'k1' })).toEqual({
      _id: 'k1',
      status: 'open',
      history,
      revision: 1,
    });
  });

  it('keeps the previous version intact for an open cursor', async () => {
    const c = t.db.collection<any>('versions');
    await c.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i, v: 0, nested: { n: 0 } })));
    const cursor = c.find({}).batchSize(2);
    const firstBatch = [await cursor.next(), await cursor.next()];
    await c.updateMany({}, { $set: { nested: { n: 1 } }, $inc: { v: 1 } });
    const rest = await cursor.toArray();
    expect([...firstBatch, ...rest].map((d) => d.v)).toHaveLength(5);
    expect(await c.countDocuments({ v: 1, 'nested.n': 1 })).toBe(5);
  });
});
