import {
  MongoClient,
  ObjectId,
  type CommandStartedEvent,
  type CommandSucceededEvent,
} from 'mongodb';
import { backendUri, errorOf, openTestDatabase, type TestDatabase } from './helpers';

// insert / find / update / delete / findAndModify / count / distinct / aggregate, cursors.

describe('embedded-mongo conformance: CRUD, cursors, aggregation', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('conf_crud');
  });
  afterAll(() => t.close());

  describe('find', () => {
    beforeAll(async () => {
      await t.db.collection<any>('people').insertMany([
        {
          _id: 1,
          name: 'An',
          age: 30,
          city: 'Hà Nội',
          tags: ['a', 'b'],
          address: { zip: '100000' },
        },
        { _id: 2, name: 'Bình', age: 25, city: 'Huế', tags: ['b'] },
        { _id: 3, name: 'Chi', age: 35, city: 'Hà Nội', tags: [] },
        { _id: 4, name: 'Dũng', age: 25, city: 'Đà Nẵng' },
        { _id: 5, name: 'Em', age: null, city: 'Huế' },
      ]);
    });
    const people = () => t.db.collection<any>('people');

    it('filters with comparison, logical, element and array operators', async () => {
      const ids = async (filter: object) =>
        (await people().find(filter).toArray()).map((d) => d._id);
      expect(await ids({ age: { $gte: 30 } })).toEqual([1, 3]);
      expect(await ids({ age: 25, city: 'Huế' })).toEqual([2]);
      expect(await ids({ $or: [{ age: 35 }, { name: 'Em' }] })).toEqual([3, 5]);
      expect(await ids({ age: null })).toEqual([5]);
      expect(await ids({ tags: 'b' })).toEqual([1, 2]);
      expect(await ids({ tags: { $size: 0 } })).toEqual([3]);
      expect(await ids({ tags: { $exists: false } })).toEqual([4, 5]);
      expect(await ids({ 'address.zip': '100000' })).toEqual([1]);
      expect(await ids({ age: { $type: 'null' } })).toEqual([5]);
      expect(await ids({ age: { $not: { $gt: 25 } } })).toEqual([2, 4, 5]);
      expect(await ids({ _id: { $in: [4, 2, 99] } })).toEqual([2, 4]);
      expect(await ids({ $expr: { $gt: ['$age', 30] } })).toEqual([3]);
    });

    it('sorts, skips, limits and projects', async () => {
      const docs = await people()
        .find({ age: { $ne: null } }, { projection: { name: 1, _id: 0 } })
        .sort({ age: -1, name: 1 })
        .skip(1)
        .limit(2)
        .toArray();
      expect(docs).toEqual([{ name: 'An' }, { name: 'Bình' }]);
      const excluded = await people().findOne({ _id: 1 }, { projection: { tags: 0, address: 0 } });
      expect(excluded).toEqual({ _id: 1, name: 'An', age: 30, city: 'Hà Nội' });
      const sliced = await people().findOne(
        { _id: 1 },
        { projection: { tags: { $slice: 1 }, name: 1 } },
      );
      expect(sliced).toEqual({ _id: 1, name: 'An', tags: ['a'] });
      const positional = await people().findOne(
        { tags: 'b', _id: 1 },
        { projection: { 'tags.$': 1 } },
      );
      expect(positional).toEqual({ _id: 1, tags: ['b'] });
    });

    it('sorts arrays by their smallest (asc) or largest (desc) element', async () => {
      const c = t.db.collection<any>('array_sort');
      await c.insertMany([
        { _id: 'x', v: [1, 10] },
        { _id: 'y', v: [5] },
        { _id: 'z', v: 7 },
      ]);
      expect((await c.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual(['x', 'y', 'z']);
      expect((await c.find().sort({ v: -1 }).toArray()).map((d) => d._id)).toEqual(['x', 'z', 'y']);
    });
  });

  describe('cursors', () => {
    const total = 1550;
    beforeAll(async () => {
      await t.db
        .collection<any>('many')
        .insertMany(Array.from({ length: total }, (_, i) => ({ _id: i, n: i })));
    });

    async function monitored(): Promise<{
      client: MongoClient;
      started: CommandStartedEvent[];
      succeeded: CommandSucceededEvent[];
    }> {
      const client = new MongoClient(backendUri(), { monitorCommands: true });
      const started: CommandStartedEvent[] = [];
      const succeeded: CommandSucceededEvent[] = [];
      client.on('commandStarted', (e) => started.push(e));
      client.on('commandSucceeded', (e) => succeeded.push(e));
      await client.connect();
      return { client, started, succeeded };
    }

    it('hands out 101 documents first, then the rest with getMore', async () => {
      const { client, started, succeeded } = await monitored();
      try {
        const docs = await client
          .db(t.db.databaseName)
          .collection<any>('many')
          .find()
          .sort({ _id: 1 })
          .toArray();
        expect(docs).toHaveLength(total);
        expect(docs.every((d, i) => d._id === i)).toBe(true);
        const find = succeeded.find((e) => e.commandName === 'find')!;
        expect((find.reply as any).cursor.firstBatch).toHaveLength(101);
        // The other 1,449 fit one getMore reply (no batchSize: up to 16 MB).
        expect(started.filter((e) => e.commandName === 'getMore').length).toBe(1);
      } finally {
        await client.close();
      }
    });

    it('honours batchSize across getMore', async () => {
      const { client, started, succeeded } = await monitored();
      try {
        const docs = await client
          .db(t.db.databaseName)
          .collection<any>('many')
          .find({}, { batchSize: 100 })
          .sort({ _id: 1 })
          .toArray();
        expect(docs.map((d) => d.n)).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(started.filter((e) => e.commandName === 'getMore')).toHaveLength(15);
        const batches = succeeded
          .filter((e) => e.commandName === 'getMore')
          .map((e) => (e.reply as any).cursor.nextBatch.length);
        expect(batches.slice(0, 14).every((n) => n === 100)).toBe(true);
        expect(batches[14]).toBe(50);
      } finally {
        await client.close();
      }
    });

    it('kills cursors; a killed cursor is not found (43)', async () => {
      const cursor = t.db.collection<any>('many').find({}, { batchSize: 10 });
      await cursor.next();
      const id = cursor.id!;
      expect(id.isZero()).toBe(false);
      const reply = await t.db.command({ killCursors: 'many', cursors: [id] });
      expect(reply.cursorsKilled.map(String)).toEqual([id.toString()]);
      const error = await errorOf(t.db.command({ getMore: id, collection: 'many' }));
      expect(error.code).toBe(43);
      expect(error.codeName).toBe('CursorNotFound');
      await cursor.close().catch(() => undefined);
    });

    it('closes the cursor when a limit is reached', async () => {
      const docs = await t.db
        .collection<any>('many')
        .find({ n: { $gte: 1000 } })
        .limit(300)
        .toArray();
      expect(docs).toHaveLength(300);
      expect(docs[0].n).toBe(1000);
    });
  });

  describe('update', () => {
    const items = () => t.db.collection<any>('items');
    beforeEach(async () => {
      await items().deleteMany({});
      await items().insertMany([
        { _id: 1, qty: 5, tags: ['x'], grades: [{ g: 80 }, { g: 95 }], meta: { a: 1 } },
        { _id: 2, qty: 10, tags: [], grades: [{ g: 60 }] },
        { _id: 3, qty: 15 },
      ]);
    });

    it('applies update operators', async () => {
      const result = await items().updateOne(
        { _id: 1 },
        {
          $inc: { qty: 2 },
          $set: { 'meta.b': 'Đ' },
          $unset: { 'meta.a': '' },
          $push: { tags: { $each: ['y', 'z'] } } as any,
          $addToSet: { labels: 'new' },
          $currentDate: { touched: true },
        },
      );
      expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      const doc = await items().findOne({ _id: 1 });
      expect(doc).toMatchObject({
        qty: 7,
        tags: ['x', 'y', 'z'],
        labels: ['new'],
        meta: { b: 'Đ' },
      });
      expect(doc!.meta).not.toHaveProperty('a');
      expect(doc!.touched).toBeInstanceOf(Date);
      await items().updateOne(
        { _id: 1 },
        {
          $pull: { tags: 'y' } as any,
          $mul: { qty: 2 },
          $rename: { labels: 'labels2' },
          $min: { low: 3 },
          $max: { top: 100 },
        },
      );
      expect(await items().findOne({ _id: 1 })).toMatchObject({
        qty: 14,
        tags: ['x', 'z'],
        labels2: ['new'],
        low: 3,
        top: 100,
      });
      const conflict = await errorOf(
        items().updateOne({ _id: 1 }, { $inc: { qty: 1 }, $set: { qty: 0 } }),
      );
      expect(conflict.code).toBe(40); // ConflictingUpdateOperators
    });

    it('reports nModified 0 when nothing changes', async () => {
      const result = await items().updateOne({ _id: 3 }, { $set: { qty: 15 } });
      expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });

    it('replaces documents but keeps _id', async () => {
      await items().replaceOne({ _id: 2 }, { fresh: true });
      expect(await items().findOne({ _id: 2 })).toEqual({ _id: 2, fresh: true });
      const error = await errorOf(items().replaceOne({ _id: 2 }, { _id: 99, fresh: false }));
      expect(error.code).toBe(66); // ImmutableField (write errors carry no codeName)
      const setId = await errorOf(items().updateOne({ _id: 2 }, { $set: { _id: 5 } }));
      expect(setId.code).toBe(66);
    });

    it('updates many with multi', async () => {
      const result = await items().updateMany({ qty: { $gte: 10 } }, { $set: { big: true } });
      expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
      expect(await items().countDocuments({ big: true })).toBe(2);
    });

    it('upserts from the equality fields of the filter, with $setOnInsert', async () => {
      const result = await items().updateOne(
        { code: 'K1', 'nested.level': 2, qty: { $gt: 100 } },
        { $set: { name: 'Công ty' }, $setOnInsert: { createdBy: 'test' } },
        { upsert: true },
      );
      expect(result.upsertedCount).toBe(1);
      expect(result.upsertedId).toBeInstanceOf(ObjectId);
      const doc = await items().findOne({ _id: result.upsertedId! });
      expect(doc).toEqual({
        _id: result.upsertedId,
        code: 'K1',
        nested: { level: 2 },
        name: 'Công ty',
        createdBy: 'test',
      });
      const again = await items().updateOne(
        { code: 'K1' },
        { $set: { name: 'B' }, $setOnInsert: { createdBy: 'other' } },
        { upsert: true },
      );
      expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      expect(await items().findOne({ code: 'K1' })).toMatchObject({ name: 'B', createdBy: 'test' });
      const withId = await items().replaceOne({ _id: 42 }, { v: 1 }, { upsert: true });
      expect(withId.upsertedId).toBe(42);
      expect(await items().findOne({ _id: 42 })).toEqual({ _id: 42, v: 1 });
    });

    it('updates array elements with arrayFilters and the positional operator', async () => {
      await items().updateOne(
        { _id: 1 },
        { $set: { 'grades.$[high].top': true } },
        { arrayFilters: [{ 'high.g': { $gte: 90 } }] },
      );
      await items().updateOne({ _id: 1, 'grades.g': 80 }, { $inc: { 'grades.$.g': 1 } });
      await items().updateMany({ grades: { $exists: true } }, { $inc: { 'grades.$[].g': 100 } });
      const doc = await items().findOne({ _id: 1 });
      expect(doc!.grades).toEqual([{ g: 181 }, { g: 195, top: true }]);
      expect((await items().findOne({ _id: 2 }))!.grades).toEqual([{ g: 160 }]);
    });

    it('applies pipeline updates', async () => {
      await items().updateOne({ _id: 3 }, [{ $set: { double: { $multiply: ['$qty', 2] } } }]);
      expect(await items().findOne({ _id: 3 })).toEqual({ _id: 3, qty: 15, double: 30 });
    });

    it('rejects unknown update operators', async () => {
      const error = await errorOf(
        items().updateOne({ _id: 3 }, { $frobnicate: { a: 1 } } as never),
      );
      expect(error.code).toBe(9);
    });
  });

  describe('delete, findAndModify, count, distinct', () => {
    const c = () => t.db.collection<any>('misc');
    beforeEach(async () => {
      await c().deleteMany({});
      await c().insertMany([
        { _id: 1, k: 'a', n: 3, tags: ['x', 'y'] },
        { _id: 2, k: 'b', n: 1, tags: ['y'] },
        { _id: 3, k: 'a', n: 2 },
        { _id: 4, k: 'c', n: 5, tags: ['z', 'x'] },
      ]);
    });

    it('deletes one or many', async () => {
      expect((await c().deleteOne({ k: 'a' })).deletedCount).toBe(1);
      expect(await c().findOne({ _id: 1 })).toBeNull();
      expect((await c().deleteMany({ n: { $gte: 2 } })).deletedCount).toBe(2);
      expect((await c().deleteMany({ nothing: true })).deletedCount).toBe(0);
      expect(await c().countDocuments()).toBe(1);
    });

    it('findOneAndUpdate returns the document before or after, honouring sort', async () => {
      const before = await c().findOneAndUpdate(
        { k: 'a' },
        { $inc: { n: 10 } },
        { sort: { n: 1 } },
      );
      expect(before).toEqual({ _id: 3, k: 'a', n: 2 });
      const after = await c().findOneAndUpdate(
        { k: 'a' },
        { $inc: { n: 10 } },
        { sort: { n: -1 }, returnDocument: 'after', projection: { n: 1 } },
      );
      expect(after).toEqual({ _id: 3, n: 22 });
      const missing = await c().findOneAndUpdate({ k: 'zzz' }, { $set: { n: 0 } });
      expect(missing).toBeNull();
      const upserted = await c().findOneAndUpdate(
        { k: 'new' },
        { $set: { n: 7 } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true },
      );
      expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
      expect(upserted.lastErrorObject!.upserted).toBeInstanceOf(ObjectId);
      expect(upserted.value).toMatchObject({ k: 'new', n: 7 });
    });

    it('findOneAndReplace and findOneAndDelete', async () => {
      const replaced = await c().findOneAndReplace(
        { _id: 2 },
        { k: 'B' },
        { returnDocument: 'after' },
      );
      expect(replaced).toEqual({ _id: 2, k: 'B' });
      const deleted = await c().findOneAndDelete({ k: 'a' }, { sort: { n: -1 } });
      expect(deleted).toMatchObject({ _id: 1 });
      expect(await c().countDocuments()).toBe(3);
    });

    it('counts with the count command and with countDocuments', async () => {
      expect((await t.db.command({ count: 'misc', query: { k: 'a' } })).n).toBe(2);
      expect((await t.db.command({ count: 'misc', query: {}, skip: 1, limit: 2 })).n).toBe(2);
      expect(await c().estimatedDocumentCount()).toBe(4);
      expect(await c().countDocuments({ n: { $gt: 1 } })).toBe(3);
      expect(await c().countDocuments({}, { skip: 1, limit: 10 })).toBe(3);
      expect((await t.db.command({ count: 'no_such_collection' })).n).toBe(0);
    });

    it('distinct unwinds arrays and skips missing fields', async () => {
      expect((await c().distinct('k')).sort()).toEqual(['a', 'b', 'c']);
      expect((await c().distinct('tags')).sort()).toEqual(['x', 'y', 'z']);
      expect((await c().distinct('k', { n: { $gte: 3 } })).sort()).toEqual(['a', 'c']);
      expect(await t.db.collection<any>('no_such_collection').distinct('k')).toEqual([]);
    });
  });

  describe('aggregate', () => {
    beforeAll(async () => {
      await t.db.collection<any>('agencies').insertMany([
        { _id: 'TTT', name: 'Thanh tra tỉnh' },
        { _id: 'SYT', name: 'Sở Y tế' },
      ]);
      await t.db.collection<any>('inspections').insertMany([
        { _id: 1, agency: 'TTT', year: 2024, days: 5 },
        { _id: 2, agency: 'SYT', year: 2024, days: 3 },
        { _id: 3, agency: 'TTT', year: 2025, days: 2 },
        { _id: 4, agency: 'TTT', year: 2024, days: 1 },
      ]);
    });

    it('runs $match/$group/$sort/$project', async () => {
      const rows = await t.db
        .collection<any>('inspections')
        .aggregate([
          { $match: { year: 2024 } },
          { $group: { _id: '$agency', total: { $sum: '$days' }, count: { $sum: 1 } } },
          { $sort: { total: -1 } },
          { $project: { _id: 0, agency: '$_id', total: 1, count: 1 } },
        ])
        .toArray();
      expect(rows).toEqual([
        { total: 6, count: 2, agency: 'TTT' },
        { total: 3, count: 1, agency: 'SYT' },
      ]);
    });

    it('joins collections of the same database with $lookup', async () => {
      const rows = await t.db
        .collection<any>('inspections')
        .aggregate([
          { $match: { _id: { $in: [1, 2] } } },
          {
            $lookup: {
              from: 'agencies',
              localField: 'agency',
              foreignField: '_id',
              as: 'agencyDoc',
            },
          },
          { $unwind: '$agencyDoc' },
          { $sort: { _id: 1 } },
          { $project: { _id: 1, name: '$agencyDoc.name' } },
        ])
        .toArray();
      expect(rows).toEqual([
        { _id: 1, name: 'Thanh tra tỉnh' },
        { _id: 2, name: 'Sở Y tế' },
      ]);
    });

    it('batches aggregate results with getMore', async () => {
      const cursor = t.db
        .collection<any>('inspections')
        .aggregate([{ $sort: { _id: -1 } }], { batchSize: 1 });
      const ids = (await cursor.toArray()).map((d) => d._id);
      expect(ids).toEqual([4, 3, 2, 1]);
    });

    it('leaves the stored documents untouched', async () => {
      await t.db
        .collection<any>('inspections')
        .aggregate([{ $set: { days: 0 } }, { $unset: 'agency' }])
        .toArray();
      expect(await t.db.collection<any>('inspections').findOne({ _id: 1 })).toEqual({
        _id: 1,
        agency: 'TTT',
        year: 2024,
        days: 5,
      });
    });

    describe('stages that modify embedded values', () => {
      const visits = () => t.db.collection<any>('visits');
      beforeAll(async () => {
        await visits().createIndex({ year: 1, days: -1 });
        await visits().insertMany(
          Array.from({ length: 12 }, (_, i) => ({
            _id: i,
            year: 2024 + (i % 2),
            days: (i * 7) % 5,
            plan: { days: i, tags: ['a', `t${i}`] },
            history: [{ at: new Date(Date.UTC(2024, 0, 1 + i)), by: 'import' }],
          })),
        );
      });

      it('gives the page of the sorted order for a leading $match, $sort, $skip, $limit', async () => {
        const page = await visits()
          .aggregate([
            { $match: { year: 2024 } },
            { $sort: { days: -1, _id: 1 } },
            { $skip: 1 },
            { $limit: 3 },
            { $project: { days: 1 } },
          ])
          .toArray();
        const all = await visits().find({ year: 2024 }).sort({ days: -1, _id: 1 }).toArray();
        expect(page).toEqual(all.slice(1, 4).map(({ _id, days }) => ({ _id, days })));
      });

      it('groups with accumulators that name their sort fields without $', async () => {
        const best = await visits()
          .aggregate([
            {
              $group: {
                _id: '$year',
                best: { $topN: { n: 2, sortBy: { days: -1, _id: 1 }, output: '$plan.days' } },
              },
            },
            { $sort: { _id: 1 } },
          ])
          .toArray();
        expect(best).toEqual([
          { _id: 2024, best: [2, 4] },
          { _id: 2025, best: [7, 9] },
        ]);
      });

      it('never changes the stored documents, whatever the stages modify', async () => {
        const before = await visits().find().sort({ _id: 1 }).toArray();
        const pipelines: object[][] = [
          [
            { $match: { year: 2024 } },
            { $sort: { days: -1, _id: 1 } },
            { $limit: 4 },
            { $set: { 'plan.days': -1, 'plan.tags.1': 'x' } },
            { $unset: 'history.by' },
          ],
          [{ $project: { plan: 1, history: 1 } }, { $set: { 'plan.days': -1 } }],
          [{ $project: { p: '$plan', h: '$history' } }, { $set: { 'p.days': -1, 'h.by': 'x' } }],
          [
            { $group: { _id: '$year', plans: { $push: '$plan' } } },
            { $unwind: '$plans' },
            { $set: { 'plans.days': -1 } },
          ],
          [
            { $group: { _id: null, all: { $push: '$$ROOT' } } },
            { $unwind: '$all' },
            { $set: { 'all.plan.days': -1, 'all.history.by': 'x' } },
          ],
        ];
        for (const pipeline of pipelines) {
          const out = await visits().aggregate(pipeline).toArray();
          expect(out.length).toBeGreaterThan(0);
        }
        expect(await visits().find().sort({ _id: 1 }).toArray()).toEqual(before);
      });
    });
  });
});
