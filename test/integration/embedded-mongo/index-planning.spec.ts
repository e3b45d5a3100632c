import { Decimal128, ObjectId, type Collection, type Document } from 'mongodb';
import { openTestDatabase, type TestDatabase } from './helpers';

// An index changes how documents are found, never which: every filter and write below runs on
// a collection without secondary indexes and on one with single, compound (used by a prefix of
// its fields) and multikey indexes, and must give the same documents.

const OID = [new ObjectId(), new ObjectId()];
const DAY = [new Date('2026-01-05T00:00:00Z'), new Date('2026-03-01T00:00:00Z')];

function documents(): Document[] {
  const kValues: unknown[] = [
    'a',
    'b',
    'c',
    ['a', 'x'],
    [],
    null,
    undefined,
    1,
    ['b', ['c']],
    'A',
    Decimal128.fromString('1'),
  ];
  const sValues: unknown[] = ['open', 'closed', true, false, OID[0], OID[1], DAY[0], DAY[1], null];
  const docs: Document[] = [];
  for (let i = 0; i < 120; i++) {
    const doc: Document = { _id: `d${String(i).padStart(3, '0')}` };
    const k = kValues[i % kValues.length];
    if (k !== undefined) doc.k = k;
    if (i % 11 !== 0) doc.s = sValues[(i * 7) % sValues.length];
    doc.p = i % 4 === 0 ? [`P${i % 3}`, `P${(i + 1) % 3}`] : `P${i % 3}`;
    doc.w = i % 5 === 0 ? [{ from: DAY[0] }, { from: DAY[1] }] : { from: DAY[i % 2] };
    doc.n = i % 6;
    if (i % 9 === 0) doc.sub = { k: 'a' };
    docs.push(doc);
  }
  return docs;
}

const FILTERS: Document[] = [
  { k: 'a' },
  { k: { $eq: 'b' } },
  { k: { $in: ['a', 'c', 'nope'] } },
  { k: { $in: [] } },
  { k: null },
  { k: { $in: ['a', null] } },
  { k: [] },
  { k: ['a', 'x'] },
  { k: 1 },
  { k: { $in: [1, 'a'] } },
  { k: 1, s: 'open' },
  { k: 'a', s: 'open' },
  { k: { $in: ['a', 'b', 'c'] }, s: 'open' },
  { k: { $in: ['a', 'b', 'c'] }, s: { $in: ['open', 'closed'] } },
  { k: 'b', s: true },
  { k: 'c', s: OID[0] },
  { k: { $in: ['a', 'b'] }, s: DAY[1] },
  { k: { $in: ['a', 'b', 'c'] }, s: 'open', n: { $gte: 2 } },
  { k: 'a', n: 3 },
  { k: 'a', $and: [{ k: 'b' }] },
  { $and: [{ k: 'a' }, { s: 'open' }] },
  { k: 'a', $or: [{ s: 'open' }, { n: 1 }] },
  { p: 'P1' },
  { p: { $in: ['P0', 'P2'] } },
  { p: { $in: ['P0', 'P2'] }, 'w.from': DAY[0] },
  { p: 'P1', 'w.from': { $gte: DAY[1] } },
  { 'w.from': DAY[1] },
  { 'sub.k': 'a' },
  { _id: { $in: ['d001', 'd050', 'd119', 'zzz'] }, s: 'open' },
  { _id: 'd010', k: 'a' },
  { s: 'open' },
  { s: { $in: ['open', 'closed'] }, n: { $lt: 3 } },
  { k: { $in: ['A'] } },
  { k: { $ne: 'a' }, s: 'open' },
];

async function ids(c: Collection<any>, filter: Document): Promise<string[]> {
  return (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => String(d._id));
}

describe('embedded-mongo conformance: index planning', () => {
  let t: TestDatabase;
  let plain: Collection<any>;
  let indexed: Collection<any>;

  beforeAll(async () => {
    t = await openTestDatabase('conf_planning');
    plain = t.db.collection('plain');
    indexed = t.db.collection('indexed');
    await indexed.createIndex({ k: 1, s: 1 });
    await indexed.createIndex({ p: 1, 'w.from': 1 });
    await indexed.createIndex({ s: 1, k: 1, n: 1 });
    await indexed.createIndex({ 'sub.k': 1 });
    await plain.insertMany(documents());
    await indexed.insertMany(documents());
  });
  afterAll(() => t.close());

  it.each(FILTERS.map((filter) => [JSON.stringify(filter), filter]))(
    'finds the same documents with and without indexes: %s',
    async (_label, filter) => {
      const expected = await ids(plain, filter as Document);
      expect(await ids(indexed, filter as Document)).toEqual(expected);
      expect(await indexed.countDocuments(filter as Document)).toBe(expected.length);
    },
  );

  it('answers a compound-index prefix with $in, checking the rest of the filter', async () => {
    expect(await ids(indexed, { k: { $in: ['a', 'c'] }, s: 'open' })).toEqual(
      await ids(plain, { k: { $in: ['a', 'c'] }, s: 'open' }),
    );
    // The prefix alone (only the first field of {k, s}) and a residual on an unindexed field.
    const filter = { k: { $in: ['a', 'b'] }, n: { $in: [0, 2, 4] } };
    const found = await indexed.find(filter).toArray();
    // Same documents as a scan of the unindexed copy, and not none (the fixture has matches).
    expect(found.map((d) => String(d._id)).sort()).toEqual((await ids(plain, filter)).sort());
    expect(found).not.toEqual([]);
    for (const doc of found) {
      expect([0, 2, 4]).toContain(doc.n);
      expect(
        ['a', 'b'].some((v) => doc.k === v || (Array.isArray(doc.k) && doc.k.includes(v))),
      ).toBe(true);
    }
    expect(found.map((d) => d._id).sort()).toEqual(await ids(plain, filter));
  });

  it('applies the same writes with and without indexes', async () => {
    const writes = async (c: Collection<any>): Promise<Document[]> => {
      await c.bulkWrite(
        [
          { updateOne: { filter: { _id: 'd001', s: 'open' }, update: { $set: { hit: 1 } } } },
          { updateOne: { filter: { _id: 'd002', s: 'open' }, update: { $set: { hit: 2 } } } },
          {
            updateOne: {
              filter: { _id: 'new1' },
              update: { $setOnInsert: { k: 'z' } },
              upsert: true,
            },
          },
          {
            updateOne: {
              filter: { _id: 'd003' },
              update: { $setOnInsert: { k: 'z' } },
              upsert: true,
            },
          },
          {
            updateMany: {
              filter: { k: { $in: ['a', 'b'] }, s: 'closed' },
              update: { $inc: { n: 10 } },
            },
          },
          {
            updateOne: {
              filter: { k: 'c', s: { $in: [true, false] } },
              update: { $set: { c: 1 } },
            },
          },
          { deleteMany: { filter: { p: 'P2', 'w.from': DAY[1] } } },
          { deleteOne: { filter: { k: 'a', s: 'open' } } },
        ],
        { ordered: true },
      );
      await c.findOneAndUpdate({ k: 'b', s: true }, { $set: { fm: 1 } }, { sort: { _id: -1 } });
      return c.find({}).sort({ _id: 1 }).toArray();
    };
    expect(await writes(indexed)).toEqual(await writes(plain));
    for (const filter of FILTERS)
      expect(await ids(indexed, filter)).toEqual(await ids(plain, filter));
  });
});
