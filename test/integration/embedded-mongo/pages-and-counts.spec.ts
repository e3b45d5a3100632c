import { Long } from 'mongodb';
import { openTestDatabase, type TestDatabase } from './helpers';

// Sorted pages (sort + skip + limit) are the slices of the whole sorted result, whatever the
// page; countDocuments (an aggregate of $match, $skip, $limit, $group) counts exactly.

describe('embedded-mongo conformance: sorted pages and counts', () => {
  let t: TestDatabase;
  const N = 1_000;
  /** Deterministic values with many ties, an array field and a few missing or null keys. */
  const docs = Array.from({ length: N }, (_, i) => ({
    _id: i,
    g: (i * 7919) % 13,
    v: i % 10 === 0 ? null : (i * 104_729) % 97,
    ...(i % 17 === 0 ? {} : { s: `s${(i * 31) % 50}` }),
    tags: [(i * 13) % 41, (i * 29) % 41],
    year: 2025 + (i % 2),
  }));

  beforeAll(async () => {
    t = await openTestDatabase('conf_pages');
    await t.db.collection<any>('items').insertMany(docs.map((d) => ({ ...d })));
    await t.db.collection('items').createIndex({ year: 1, g: 1 });
  });
  afterAll(() => t.close());
  const items = () => t.db.collection<any>('items');

  const rank = (v: unknown) => (v === undefined || v === null ? 0 : typeof v === 'number' ? 1 : 2);
  const cmp = (a: unknown, b: unknown): number => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (rank(a) === 0) return 0;
    return (a as number | string) < (b as number | string) ? -1 : a === b ? 0 : 1;
  };
  /** The order MongoDB gives for {g: 1, v: -1, s: 1, _id: 1}. */
  const sorted = (of: typeof docs) =>
    [...of].sort((a, b) => cmp(a.g, b.g) || -cmp(a.v, b.v) || cmp(a.s, b.s) || a._id - b._id);

  it('every page of a sorted find is the slice of the full sort', async () => {
    const all = sorted(docs.filter((d) => d.year === 2026)).map((d) => d._id);
    for (const [skip, limit] of [
      [0, 50],
      [50, 50],
      [250, 25],
      [480, 50],
      [499, 10],
      [500, 10],
      [0, 1],
      [0, 10_000],
    ]) {
      const page = await items()
        .find({ year: 2026 })
        .sort({ g: 1, v: -1, s: 1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .toArray();
      expect([skip, limit, page.map((d) => d._id)]).toEqual([
        skip,
        limit,
        all.slice(skip, skip + limit),
      ]);
    }
    const whole = await items().find({ year: 2026 }).sort({ g: 1, v: -1, s: 1, _id: 1 }).toArray();
    expect(whole.map((d) => d._id)).toEqual(all);
  });

  it('arrays sort by their smallest element ascending, largest descending, on a page too', async () => {
    const key = (d: (typeof docs)[number], dir: 1 | -1) =>
      dir === 1 ? Math.min(...d.tags) : Math.max(...d.tags);
    for (const dir of [1, -1] as const) {
      const expected = [...docs]
        .sort((a, b) => (key(a, dir) - key(b, dir)) * dir || a._id - b._id)
        .map((d) => d._id);
      const page = await items().find({}).sort({ tags: dir, _id: 1 }).skip(300).limit(40).toArray();
      expect(page.map((d) => d._id)).toEqual(expected.slice(300, 340));
    }
  });

  it('number equality matches ints, doubles, Long and array elements, not strings', async () => {
    const mixed = t.db.collection<any>('mixed');
    await mixed.insertMany([
      { _id: 1, year: 2026 },
      { _id: 2, year: 2026.5 },
      { _id: 3, year: Long.fromNumber(2026) },
      { _id: 5, year: [2025, 2026] },
      { _id: 6, year: '2026' },
      { _id: 7 },
      { _id: 8, year: -0 },
      { _id: 9, year: 0 },
    ]);
    await mixed.createIndex({ year: 1 });
    const ids = async (filter: object) =>
      (await mixed.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ year: 2026 })).toEqual([1, 3, 5]);
    expect(await ids({ year: { $in: [2026.5, 0] } })).toEqual([2, 8, 9]);
    expect(await ids({ year: { $eq: 2025 } })).toEqual([5]);
    expect(await ids({ year: '2026' })).toEqual([6]);
    expect(await mixed.countDocuments({ year: 2026 })).toBe(3);
  });

  it('countDocuments counts matches, with skip and limit, and 0 for none', async () => {
    expect(await items().countDocuments({})).toBe(N);
    expect(await items().countDocuments({ year: 2026 })).toBe(N / 2);
    expect(await items().countDocuments({ year: 2026, g: 3 })).toBe(
      docs.filter((d) => d.year === 2026 && d.g === 3).length,
    );
    expect(await items().countDocuments({ v: null })).toBe(N / 10);
    expect(await items().countDocuments({ year: 2026 }, { skip: 100 })).toBe(N / 2 - 100);
    expect(await items().countDocuments({ year: 2026 }, { limit: 7 })).toBe(7);
    expect(await items().countDocuments({ year: 2026 }, { skip: 495, limit: 10 })).toBe(5);
    expect(await items().countDocuments({ year: 1999 })).toBe(0);
    // mongod's $group over no input gives no document at all.
    const none = [{ $match: { year: 1999 } }, { $group: { _id: 1, n: { $sum: 1 } } }];
    expect(await items().aggregate(none).toArray()).toEqual([]);
    const some = [{ $match: { year: 2025, g: 0 } }, { $group: { _id: 1, n: { $sum: 1 } } }];
    expect(await items().aggregate(some).toArray()).toEqual([
      { _id: 1, n: docs.filter((d) => d.year === 2025 && d.g === 0).length },
    ]);
    // The same shape with a computed key is a real $group, not a count.
    const byYear = await items()
      .aggregate([{ $match: { g: 3 } }, { $group: { _id: '$year', n: { $sum: 1 } } }])
      .toArray();
    expect(byYear.sort((a, b) => a._id - b._id)).toEqual(
      [2025, 2026].map((y) => ({
        _id: y,
        n: docs.filter((d) => d.g === 3 && d.year === y).length,
      })),
    );
    const summed = await items()
      .aggregate([{ $match: { year: 2025 } }, { $group: { _id: null, n: { $sum: '$g' } } }])
      .toArray();
    expect(summed).toEqual([
      { _id: null, n: docs.filter((d) => d.year === 2025).reduce((s, d) => s + d.g, 0) },
    ]);
  });
});
