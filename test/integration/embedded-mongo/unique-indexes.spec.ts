import { MongoBulkWriteError, MongoClient, MongoServerError } from 'mongodb';
import { backendUri, errorOf, openTestDatabase, type TestDatabase } from './helpers';

// createIndexes / listIndexes / dropIndexes and unique-index enforcement as mongod does it.

describe('embedded-mongo conformance: indexes and unique keys', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('conf_indexes');
  });
  afterAll(() => t.close());

  it('creates, lists and drops indexes', async () => {
    const c = t.db.collection<any>('idx');
    await c.insertOne({ a: 1, b: 2 });
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    expect(await c.createIndex({ a: 1, b: -1 }, { unique: true, name: 'a_b_unique' })).toBe(
      'a_b_unique',
    );
    expect(await c.createIndex({ a: 1 })).toBe('a_1'); // same spec again: no-op
    const listed = await c.listIndexes().toArray();
    expect(listed.map((i) => i.name)).toEqual(['_id_', 'a_1', 'a_b_unique']);
    expect(listed[2]).toMatchObject({
      v: 2,
      key: { a: 1, b: -1 },
      name: 'a_b_unique',
      unique: true,
    });
    expect(await c.indexExists('a_1')).toBe(true);

    const conflict = await errorOf(c.createIndex({ a: 1 }, { name: 'a_1', unique: true }));
    expect(conflict).toBeInstanceOf(MongoServerError);
    expect([85, 86]).toContain(conflict.code);

    await c.dropIndex('a_1');
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'a_b_unique']);
    const missing = await errorOf(c.dropIndex('nope_1'));
    expect(missing.code).toBe(27);
    expect(missing.codeName).toBe('IndexNotFound');
    await c.dropIndexes();
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);

    const none = await errorOf(t.db.collection<any>('no_such').listIndexes().toArray());
    expect(none.code).toBe(26);
  });

  it('creates the collection with its first index', async () => {
    const reply = await t.db.command({
      createIndexes: 'fresh',
      indexes: [{ key: { x: 1 }, name: 'x_1' }],
    });
    expect(reply).toMatchObject({
      ok: 1,
      numIndexesBefore: 1,
      numIndexesAfter: 2,
      createdCollectionAutomatically: true,
    });
  });

  it('rejects a duplicate _id with E11000', async () => {
    const c = t.db.collection<any>('ids');
    await c.insertOne({ _id: 'K' as never, v: 1 });
    const error = await errorOf(c.insertOne({ _id: 'K' as never, v: 2 }));
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ _id: 1 });
    expect(error.keyValue).toEqual({ _id: 'K' });
    expect(error.message).toBe(
      `E11000 duplicate key error collection: ${t.db.databaseName}.ids index: _id_ dup key: { _id: "K" }`,
    );
  });

  it('enforces a single-field unique index on insert, update and upsert', async () => {
    const c = t.db.collection<any>('users');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'an@so.gov.vn', name: 'An' });
    await c.insertOne({ email: 'binh@so.gov.vn', name: 'Bình' });
    const onInsert = await errorOf(c.insertOne({ email: 'an@so.gov.vn' }));
    expect(onInsert.code).toBe(11000);
    expect(onInsert.keyPattern).toEqual({ email: 1 });
    expect(onInsert.keyValue).toEqual({ email: 'an@so.gov.vn' });
    expect(onInsert.message).toBe(
      `E11000 duplicate key error collection: ${t.db.databaseName}.users index: email_1 dup key: { email: "an@so.gov.vn" }`,
    );
    const onUpdate = await errorOf(
      c.updateOne({ name: 'Bình' }, { $set: { email: 'an@so.gov.vn' } }),
    );
    expect(onUpdate.code).toBe(11000);
    expect(await c.findOne({ name: 'Bình' })).toMatchObject({ email: 'binh@so.gov.vn' });
    const onUpsert = await errorOf(
      c.updateOne({ name: 'Chi' }, { $set: { email: 'an@so.gov.vn' } }, { upsert: true }),
    );
    expect(onUpsert.code).toBe(11000);
    const onFindAndModify = await errorOf(
      c.findOneAndUpdate({ name: 'Bình' }, { $set: { email: 'an@so.gov.vn' } }),
    );
    expect(onFindAndModify.code).toBe(11000);
    expect(onFindAndModify.codeName).toBe('DuplicateKey');
    expect(onFindAndModify.keyValue).toEqual({ email: 'an@so.gov.vn' });
    expect(await c.countDocuments()).toBe(2);
    // Missing values count as null: only one document may lack the field.
    await c.insertOne({ name: 'no email' });
    const secondNull = await errorOf(c.insertOne({ name: 'also no email' }));
    expect(secondNull.code).toBe(11000);
    expect(secondNull.keyValue).toEqual({ email: null });
  });

  it('refuses to build a unique index over existing duplicates', async () => {
    const c = t.db.collection<any>('dups');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    const error = await errorOf(c.createIndex({ k: 1 }, { unique: true }));
    expect(error.code).toBe(11000);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('enforces compound unique indexes on the combination only', async () => {
    const c = t.db.collection<any>('plans');
    await c.createIndex({ agencyCode: 1, year: 1 }, { unique: true });
    await c.insertMany([
      { agencyCode: 'TTT', year: 2024 },
      { agencyCode: 'TTT', year: 2025 },
      { agencyCode: 'SYT', year: 2024 },
    ]);
    const error = await errorOf(c.insertOne({ agencyCode: 'TTT', year: 2025 }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ agencyCode: 1, year: 1 });
    expect(error.keyValue).toEqual({ agencyCode: 'TTT', year: 2025 });
    expect(error.message).toBe(
      `E11000 duplicate key error collection: ${t.db.databaseName}.plans index: agencyCode_1_year_1 dup key: { agencyCode: "TTT", year: 2025 }`,
    );
  });

  it('enforces unique keys of array elements (multikey)', async () => {
    const c = t.db.collection<any>('multikey');
    await c.createIndex({ codes: 1 }, { unique: true });
    await c.insertOne({ codes: ['A', 'B', 'A'] }); // repeats inside one document are fine
    const error = await errorOf(c.insertOne({ codes: ['C', 'B'] }));
    expect(error.code).toBe(11000);
    expect(error.keyValue).toEqual({ codes: 'B' });
  });

  it('honours sparse and partial unique indexes', async () => {
    const sparse = t.db.collection<any>('sparse');
    await sparse.createIndex({ tax: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ name: 'a' }, { name: 'b' }, { tax: '0100109106' }]);
    expect((await errorOf(sparse.insertOne({ tax: '0100109106' }))).code).toBe(11000);

    const partial = t.db.collection<any>('partial');
    await partial.createIndex(
      { tax: 1 },
      { unique: true, partialFilterExpression: { active: true } },
    );
    await partial.insertMany([
      { tax: '0300588569', active: false },
      { tax: '0300588569', active: false },
      { tax: '0300588569', active: true },
    ]);
    expect((await errorOf(partial.insertOne({ tax: '0300588569', active: true }))).code).toBe(
      11000,
    );
    expect(await partial.countDocuments({ tax: '0300588569' })).toBe(3);
  });

  it('stops an ordered bulk write at the first duplicate', async () => {
    const c = t.db.collection<any>('bulk_ordered');
    await c.createIndex({ k: 1 }, { unique: true });
    const error = await errorOf(
      c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }, { k: 2 }], { ordered: true }),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.code).toBe(11000);
    expect(error.writeErrors).toHaveLength(1);
    expect(error.writeErrors[0].index).toBe(2);
    expect(error.writeErrors[0].code).toBe(11000);
    expect(error.insertedCount).toBe(2);
    expect((await c.find().sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([1, 2]);
  });

  it('reports every duplicate of an unordered bulk write and inserts the rest', async () => {
    const c = t.db.collection<any>('bulk_unordered');
    await c.createIndex({ k: 1 }, { unique: true });
    const error = await errorOf(
      c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }, { k: 2 }], { ordered: false }),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.writeErrors.map((e: { index: number }) => e.index)).toEqual([2, 4]);
    expect(error.writeErrors.every((e: { code: number }) => e.code === 11000)).toBe(true);
    expect(error.insertedCount).toBe(3);
    expect((await c.find().sort({ k: 1 }).toArray()).map((d) => d.k)).toEqual([1, 2, 3]);
  });

  it('reports duplicates inside mixed bulkWrite operations', async () => {
    const c = t.db.collection<any>('bulk_mixed');
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertMany([{ _id: 1, k: 'a' } as never, { _id: 2, k: 'b' } as never]);
    const error = await errorOf(
      c.bulkWrite(
        [
          { updateOne: { filter: { _id: 1 }, update: { $set: { k: 'b' } } } },
          { insertOne: { document: { k: 'c' } } },
          { updateOne: { filter: { _id: 2 }, update: { $set: { x: 1 } } } },
        ],
        { ordered: false },
      ),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.writeErrors.map((e: { index: number }) => e.index)).toEqual([0]);
    expect(error.result.insertedCount).toBe(1);
    expect(error.result.modifiedCount).toBe(1);
  });

  it('gives one document when two clients upsert the same key at once', async () => {
    const c = t.db.collection<any>('race');
    await c.createIndex({ key: 1 }, { unique: true });
    const clients = await Promise.all([
      MongoClient.connect(backendUri()),
      MongoClient.connect(backendUri()),
    ]);
    try {
      const rounds = 25;
      for (let round = 0; round < rounds; round++) {
        const results = await Promise.allSettled(
          clients.map((client) =>
            client
              .db(t.db.databaseName)
              .collection<any>('race')
              .updateOne(
                { key: `K${round}` },
                { $inc: { hits: 1 }, $setOnInsert: { first: true } },
                { upsert: true },
              ),
          ),
        );
        const succeeded = results.filter((r) => r.status === 'fulfilled').length;
        for (const r of results)
          if (r.status === 'rejected') expect((r.reason as MongoServerError).code).toBe(11000);
        const docs = await c.find({ key: `K${round}` }).toArray();
        expect(docs).toHaveLength(1);
        expect(docs[0].hits).toBe(succeeded);
        expect(docs[0].first).toBe(true);
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('uses the index for equality lookups without changing results', async () => {
    const c = t.db.collection<any>('lookup');
    await c.createIndex({ code: 1 });
    await c.insertMany(
      Array.from({ length: 200 }, (_, i) => ({ _id: i, code: `C${i % 20}`, tags: [`T${i % 7}`] })),
    );
    await c.createIndex({ tags: 1 });
    const byCode = await c.find({ code: 'C3' }).toArray();
    expect(byCode.map((d) => d._id)).toEqual(Array.from({ length: 10 }, (_, i) => 3 + 20 * i));
    expect(await c.countDocuments({ code: { $in: ['C1', 'C2'] }, _id: { $lt: 100 } })).toBe(10);
    expect(await c.countDocuments({ tags: 'T0' })).toBe(29);
    expect(await c.countDocuments({ code: 'C3', tags: 'T3' })).toBe(2);
    await c.updateMany({ code: 'C3' }, { $set: { code: 'X' } });
    expect(await c.countDocuments({ code: 'C3' })).toBe(0);
    expect(await c.countDocuments({ code: 'X' })).toBe(10);
  });
});
