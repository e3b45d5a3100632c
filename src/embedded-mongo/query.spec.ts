import { Decimal128, Long, ObjectId, serialize, type Document } from 'bson';
import { Query } from 'mingo';
import { compareValues, deepClone, sortKeyOf } from './bson-values';
import { Collection } from './collection';
import { KeyOrder } from './key-order';
import { compileMatcher, countMatches, findMatches, project } from './query';

// Property checks: random documents (mixed BSON types, missing fields, nulls, arrays), random
// indexes, random filters, sorts, skips and limits. Whatever plan answers (an index's order, a
// hash lookup, a scan), the result must be what a plain filter and full sort of every document
// gives; counts must agree; projections must equal mingo's on a copy.

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OIDS = [new ObjectId('65a000000000000000000001'), new ObjectId('65a000000000000000000002')];
const DATES = [new Date('2026-01-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')];

interface Profile {
  /** Arrays may appear on indexed paths (multikey indexes cannot serve sorts). */
  arrays: boolean;
  /** Number wrappers, -0, NaN, invalid dates, documents: values that are not plain scalars. */
  odd: boolean;
}

function valueMaker(rand: () => number, profile: Profile): () => unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const scalar = (): unknown => {
    const r = rand();
    if (r < 0.3) return Math.floor(rand() * 4);
    if (r < 0.35) return 1.5;
    if (r < 0.5) return pick(['a', 'b', 'B', 'ä', '']);
    if (r < 0.55) return rand() < 0.5;
    if (r < 0.62) return null;
    if (r < 0.72) return undefined;
    if (r < 0.78) return pick(DATES);
    if (r < 0.84) return pick(OIDS);
    if (!profile.odd) return Math.floor(rand() * 4);
    return pick([
      Decimal128.fromString('1'),
      Long.fromString('1152921504606846976'),
      Long.fromNumber(2),
      -0,
      Number.NaN,
      new Date(Number.NaN),
      { x: 1 },
      { x: 'a', y: null },
    ]);
  };
  return () => {
    if (profile.arrays && rand() < 0.12)
      return rand() < 0.2 ? [] : [scalar(), scalar()].filter((v) => v !== undefined);
    return scalar();
  };
}

function documents(rand: () => number, profile: Profile, n: number): Document[] {
  const value = valueMaker(rand, profile);
  const docs: Document[] = [];
  for (let i = 0; i < n; i++) {
    // _id of mixed types: numbers and strings sort apart.
    const doc: Document = { _id: i % 3 ? i : `id${i}` };
    for (const field of ['a', 'b', 'c']) {
      const v = value();
      if (v !== undefined) doc[field] = v;
    }
    if (rand() < 0.8) {
      const x = value();
      doc.n = x === undefined ? {} : { x };
    }
    docs.push(doc);
  }
  return docs;
}

const FIELDS = ['a', 'b', 'c', 'n.x', '_id'];

function indexKeys(rand: () => number): Document[] {
  const keys: Document[] = [];
  const count = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < count; k++) {
    const fields = [...FIELDS].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 3));
    const key: Document = {};
    for (const field of fields) key[field] = rand() < 0.5 ? 1 : -1;
    const text = JSON.stringify(key);
    // {_id: 1} is the _id index itself.
    if (text !== '{"_id":1}' && !keys.some((k) => JSON.stringify(k) === text)) keys.push(key);
  }
  return keys;
}

interface Case {
  filter: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
}

function queries(rand: () => number, docs: Document[], keys: Document[], n: number): Case[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  // Missing is asked for as null (a filter from the wire holds no undefined).
  const valueOf = (field: string): unknown => {
    const doc = pick(docs);
    return (field === 'n.x' ? (doc.n as Document | undefined)?.x : doc[field]) ?? null;
  };
  const cases: Case[] = [];
  for (let q = 0; q < n; q++) {
    const filter: Document = {};
    let sort: Document | undefined;
    if (rand() < 0.65) {
      // Shaped after an index: equality on a prefix, sort on the following fields.
      const key = pick(keys);
      const fields = Object.keys(key);
      const prefix = Math.floor(rand() * fields.length);
      for (const field of fields.slice(0, prefix)) {
        const v = valueOf(field);
        const r = rand();
        filter[field] = r < 0.6 ? v : r < 0.75 ? { $eq: v } : r < 0.9 ? { $in: [v] } : (v ?? null);
      }
      const reverse = rand() < 0.5 ? -1 : 1;
      sort = {};
      for (const field of fields.slice(prefix, prefix + 1 + Math.floor(rand() * 3)))
        sort[field] = key[field] * reverse;
      // Sometimes a field the equality fixes, in the sort too (the conflicts list's year).
      if (prefix > 0 && rand() < 0.3) sort = { [fields[0]]: pick([1, -1]), ...sort };
    } else if (rand() < 0.8) {
      sort = {};
      for (const field of [...FIELDS].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 2)))
        sort[field] = pick([1, -1]);
    }
    // Extra conditions the index does not answer.
    const extras = Math.floor(rand() * 3);
    for (let e = 0; e < extras; e++) {
      const field = pick(['a', 'b', 'c', 'n.x']);
      if (field in filter) continue;
      const v = valueOf(field);
      filter[field] = pick([
        v,
        { $gt: v },
        { $lte: v },
        { $ne: v },
        { $exists: rand() < 0.5 },
        { $in: [v, valueOf(field)] },
      ]);
    }
    if (rand() < 0.1) filter.$and = [{ [pick(['a', 'b'])]: valueOf('a') }];
    const skip = pick([0, 0, 0, 1, 3, 10, 40, 200]);
    const limit = pick([undefined, 1, 5, 20, 1000]);
    cases.push({ filter, sort, skip: skip || undefined, limit });
  }
  return cases;
}

/** What sorting every match by the spec gives: matches in natural order, stable full sort. */
function expected(collection: Collection, c: Case): number[] {
  const matcher = compileMatcher(c.filter);
  const matches = [...collection.records].filter(([, doc]) => !matcher || matcher(doc));
  if (c.sort) {
    const fields = Object.entries(c.sort).map(([path, dir]) => ({ path, dir: dir as 1 | -1 }));
    const keys = new Map(
      matches.map(([rid, doc]) => [rid, fields.map(({ path, dir }) => sortKeyOf(doc, path, dir))]),
    );
    matches.sort(([ridA], [ridB]) => {
      const a = keys.get(ridA)!;
      const b = keys.get(ridB)!;
      for (let i = 0; i < fields.length; i++) {
        const cmp = compareValues(a[i], b[i]);
        if (cmp) return cmp * fields[i].dir;
      }
      return ridA - ridB;
    });
  }
  const skip = c.skip ?? 0;
  return matches.slice(skip, c.limit ? skip + c.limit : undefined).map(([rid]) => rid);
}

function bytes(docs: Document[]): string {
  return docs.map((doc) => Buffer.from(serialize(doc)).toString('hex')).join(',');
}

function newCollection(): Collection {
  return new Collection('db', 'c', {}, { record: () => undefined });
}

describe('embedded-mongo find plans (property checks)', () => {
  let walks: jest.SpyInstance;
  let jumps: jest.SpyInstance;
  beforeEach(() => {
    walks = jest.spyOn(KeyOrder.prototype, 'entries');
    jumps = jest.spyOn(KeyOrder.prototype, 'at');
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives every sorted page, unsorted page and count as a full filter and sort does', () => {
    let sorted = 0;
    for (let trial = 0; trial < 40; trial++) {
      const rand = random(1000 + trial);
      const profile = { arrays: trial % 3 === 2, odd: trial % 2 === 1 };
      const docs = documents(rand, profile, 150 + Math.floor(rand() * 250));
      const keys = indexKeys(rand);
      const collection = newCollection();
      const early = rand() < 0.5;
      if (early) for (const key of keys) collection.createIndex({ key });
      for (const doc of docs) collection.insert(doc);
      if (!early) for (const key of keys) collection.createIndex({ key });
      const value = valueMaker(rand, profile);
      const more = documents(rand, profile, 40).map((doc) => ({ ...doc, _id: `new${doc._id}` }));
      // Two rounds: the orders are built by the first round's sorts, then kept up to date
      // through new versions, deletions and inserts.
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 40; i++) {
          const [recordId, doc] = [...collection.records][
            Math.floor(rand() * collection.records.size)
          ];
          if (rand() < 0.3) collection.delete(recordId);
          else collection.replace(recordId, { ...doc, [rand() < 0.5 ? 'a' : 'b']: value() ?? 0 });
        }
        if (round === 1) for (const doc of more) collection.insert(doc);
        for (const c of queries(rand, docs, keys, 25)) {
          const label = JSON.stringify({ trial, round, ...c, keys });
          const got = findMatches(collection, c).map((m) => m.recordId);
          expect([label, got]).toEqual([label, expected(collection, c)]);
          const count = countMatches(collection, c);
          expect([label, count]).toEqual([
            label,
            expected(collection, { ...c, sort: undefined }).length,
          ]);
          if (c.sort) sorted++;
        }
      }
    }
    // The checks above went through index walks, jumps to a page included, not only sorts.
    expect(sorted).toBeGreaterThan(1500);
    expect(walks.mock.calls.length).toBeGreaterThan(sorted / 4);
    expect(jumps.mock.calls.length).toBeGreaterThan(100);
  });

  it('serves the conflicts list from {year: -1, taxCode: 1, _id: 1} without reading the year', () => {
    const collection = newCollection();
    collection.createIndex({ key: { year: 1, status: 1 } });
    collection.createIndex({ key: { year: -1, taxCode: 1, _id: 1 } });
    const rand = random(7);
    for (let i = 0; i < 3000; i++) {
      collection.insert({
        _id: `c${i}`,
        year: 2025 + (i % 2),
        taxCode: String(Math.floor(rand() * 500)).padStart(10, '0'),
        status: rand() < 0.7 ? 'open' : 'closed',
      });
    }
    const records = jest.spyOn(collection.records, 'get');
    for (const [filter, skip] of [
      [{ year: 2026 }, 0],
      [{ year: 2026 }, 700],
      [{ year: 2026 }, 1450],
      [{ year: 2026, status: 'open' }, 0],
    ] as const) {
      const c = { filter, sort: { year: -1, taxCode: 1, _id: 1 }, skip, limit: 50 };
      records.mockClear();
      const got = findMatches(collection, c).map((m) => m.recordId);
      expect(got).toEqual(expected(collection, c));
      // A page reads about its own documents, not the 1,500 of the year.
      expect(records.mock.calls.length).toBeLessThan(200);
      expect(countMatches(collection, { filter })).toBe(expected(collection, { filter }).length);
    }
  });
});

describe('embedded-mongo projections', () => {
  const rand = random(99);
  const docs = documents(rand, { arrays: true, odd: true }, 200).map((doc, i) => ({
    ...doc,
    ...(i % 4 === 0 && { list: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }, 3] }),
    ...(i % 5 === 0 && { gone: undefined }),
  }));
  /** mingo's projection of copies (what project() did for every projection before). */
  const mingo = (input: Document[], projection: Document, filter: Document = {}): Document[] =>
    new Query(filter).find<Document>(input.map(deepClone), projection).all();

  it('builds top-level projections as mingo does, without touching the stored documents', () => {
    const before = bytes(docs);
    const names = ['_id', 'a', 'b', 'c', 'n', 'list', 'gone', 'missing', 'Z'];
    for (let q = 0; q < 300; q++) {
      const projection: Document = {};
      const include = rand() < 0.6;
      for (const name of names) {
        if (rand() < 0.3) projection[name] = include ? (rand() < 0.5 ? 1 : true) : 0;
      }
      if (rand() < 0.3) projection._id = rand() < 0.5 ? 0 : 1;
      if (Object.keys(projection).length === 0) continue;
      const label = JSON.stringify(projection);
      let want: string;
      try {
        want = bytes(mingo(docs, projection));
      } catch (error) {
        expect(() => project(docs, projection, {})).toThrow((error as Error).message);
        continue;
      }
      expect([label, bytes(project(docs, projection, {}))]).toEqual([label, want]);
    }
    expect(bytes(docs)).toBe(before);
  });

  it('copies only what other projections read, with the same result, stored documents unchanged', () => {
    const before = bytes(docs);
    for (const [projection, filter] of [
      [{ 'n.x': 1 }, {}],
      [{ 'n.x': 0 }, {}],
      [{ 'list.k': 0, a: 0 }, {}],
      [{ 'list.v': 1, _id: 0 }, {}],
      [{ list: { $slice: 1 }, a: 1 }, {}],
      [{ list: { $elemMatch: { k: 2 } } }, {}],
      [{ 'list.$': 1 }, { 'list.k': 2 }],
      [{ a: 1, twice: { $multiply: ['$c', 2] } }, {}],
      [{ whole: '$$ROOT' }, {}],
      [{ whole: '$$CURRENT.a', b: 1 }, {}],
    ] as [Document, Document][]) {
      const label = JSON.stringify(projection);
      const input = docs.filter((doc) => new Query(filter).test(doc));
      let want: string;
      try {
        want = bytes(mingo(input, projection, filter));
      } catch (error) {
        expect(() => project(input, projection, filter)).toThrow((error as Error).message);
        continue;
      }
      expect([label, bytes(project(input, projection, filter))]).toEqual([label, want]);
    }
    expect(bytes(docs)).toBe(before);
  });
});
