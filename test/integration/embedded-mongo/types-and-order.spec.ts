import {
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import { openTestDatabase, type TestDatabase } from './helpers';

// BSON type round trips, MongoDB's cross-type sort order, and Vietnamese text in queries.

describe('embedded-mongo conformance: types, order, Vietnamese text', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase('conf_types');
  });
  afterAll(() => t.close());

  it('round-trips ObjectId, Date, Decimal128, UUID, Binary, Long, Timestamp and nested values', async () => {
    const id = new ObjectId();
    const uuid = new UUID();
    const when = new Date('2025-07-01T03:04:05.678Z');
    const original = {
      _id: id,
      at: when,
      amount: Decimal128.fromString('1234567890.123456789'),
      uuid,
      blob: new Binary(Buffer.from([0, 1, 2, 255]), 0),
      big: Long.fromString('9007199254740993'),
      ts: new Timestamp({ t: 1700000000, i: 7 }),
      ratio: 0.1,
      negative: -5,
      flag: false,
      nothing: null,
      text: 'Công ty TNHH Đầu tư Phát triển',
      nested: { list: [1, 'two', { three: [3] }], at: when },
      pattern: /^Sở/i,
    };
    const c = t.db.collection<any>('roundtrip');
    await c.insertOne(original);
    const back = await c.findOne({ _id: id });
    expect(back!._id).toBeInstanceOf(ObjectId);
    expect(back!._id.equals(id)).toBe(true);
    expect(back!.at).toEqual(when);
    expect(back!.amount).toBeInstanceOf(Decimal128);
    expect(back!.amount.toString()).toBe('1234567890.123456789');
    expect(back!.uuid).toBeInstanceOf(Binary);
    expect(back!.uuid.sub_type).toBe(4);
    expect(back!.uuid.toUUID().toHexString()).toBe(uuid.toHexString());
    expect(back!.blob.sub_type).toBe(0);
    expect(Buffer.from(back!.blob.buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(Long.isLong(back!.big)).toBe(true);
    expect(back!.big.toString()).toBe('9007199254740993');
    expect(back!.ts).toBeInstanceOf(Timestamp);
    expect(back!.ts.t).toBe(1700000000);
    expect(back!.ts.i).toBe(7);
    expect(back!.ratio).toBe(0.1);
    expect(back!.flag).toBe(false);
    expect(back!.nothing).toBeNull();
    expect(back!.text).toBe(original.text);
    expect(back!.nested).toEqual(original.nested);
    expect(back!.pattern).toBeInstanceOf(RegExp);
    expect(back!.pattern.source).toBe('^Sở');
    expect(back!.pattern.flags).toBe('i');

    // The same values work as query values.
    expect(await c.countDocuments({ uuid })).toBe(1);
    expect(await c.countDocuments({ amount: Decimal128.fromString('1234567890.123456789') })).toBe(
      1,
    );
    expect(
      await c.countDocuments({ at: { $gte: new Date('2025-07-01'), $lt: new Date('2025-07-02') } }),
    ).toBe(1);
    expect(await c.countDocuments({ big: Long.fromString('9007199254740993') })).toBe(1);
  });

  it('matches numbers across int, long and double', async () => {
    const c = t.db.collection<any>('numbers');
    await c.insertMany([
      { _id: 'i', v: new Int32(5) },
      { _id: 'l', v: Long.fromNumber(5) },
      { _id: 'd', v: new Double(5) },
      { _id: 'f', v: 5.5 },
    ]);
    expect((await c.find({ v: 5 }).toArray()).map((d) => d._id).sort()).toEqual(['d', 'i', 'l']);
    expect((await c.find({ v: { $gt: 5 } }).toArray()).map((d) => d._id)).toEqual(['f']);
  });

  it('sorts values of different types in MongoDB comparison order', async () => {
    const c = t.db.collection<any>('mixed');
    const values: [number, unknown][] = [
      [1, new MaxKey()],
      [2, /abc/],
      [3, new Timestamp({ t: 5, i: 1 })],
      [4, new Date(0)],
      [5, true],
      [6, false],
      [7, new ObjectId('000000000000000000000001')],
      [8, new Binary(Buffer.from('x'))],
      [9, { a: 1 }],
      [10, 'b'],
      [11, 'a'],
      [12, 2.5],
      [13, Decimal128.fromString('2')],
      [14, 1],
      [15, null],
      [17, new MinKey()],
    ];
    await c.insertMany([...values.map(([_id, v]) => ({ _id, v })), { _id: 16 }]);
    const ascending = (await c.find().sort({ v: 1, _id: 1 }).toArray()).map((d) => d._id);
    // MinKey < null = missing < numbers < strings < objects < binData < ObjectId < bool < Date < Timestamp < regex < MaxKey
    expect(ascending).toEqual([17, 15, 16, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const descending = (await c.find().sort({ v: -1, _id: 1 }).toArray()).map((d) => d._id);
    expect(descending).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    // The aggregation $sort uses the same order.
    const aggregated = (await c.aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray()).map(
      (d) => d._id,
    );
    expect(aggregated).toEqual(ascending);
  });

  it('compares embedded documents field by field', async () => {
    const c = t.db.collection<any>('embedded');
    await c.insertMany([
      { _id: 1, v: { a: 2 } },
      { _id: 2, v: { a: 1, b: 1 } },
      { _id: 3, v: { a: 1 } },
      { _id: 4, v: { b: 0 } },
    ]);
    expect((await c.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual([3, 2, 1, 4]);
    expect(
      (
        await c
          .find({ v: { $gt: { a: 1 } } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id),
    ).toEqual([1, 2, 4]);
  });

  describe('Vietnamese text', () => {
    const names = [
      'Công ty TNHH Đầu tư Phát triển',
      'Công ty Cổ phần Xây dựng Số 1',
      'Sở Tài nguyên và Môi trường',
      'Hộ kinh doanh Nguyễn Văn Ánh',
    ];
    beforeAll(async () => {
      await t.db.collection<any>('enterprises').insertMany(
        names.map((name, i) => ({
          _id: i + 1,
          name,
          inspections: [
            {
              agency: i % 2 ? 'Thanh tra tỉnh' : 'Sở Y tế',
              field: 'an toàn thực phẩm',
              year: 2024 + i,
            },
            { agency: 'Cục Thuế', field: 'thuế', year: 2025 },
          ],
        })),
      );
    });
    const ids = async (filter: object) =>
      (await t.db.collection<any>('enterprises').find(filter).sort({ _id: 1 }).toArray()).map(
        (d) => d._id,
      );

    it('matches exact strings and $in', async () => {
      expect(await ids({ name: 'Công ty TNHH Đầu tư Phát triển' })).toEqual([1]);
      expect(
        await ids({
          name: {
            $in: ['Sở Tài nguyên và Môi trường', 'Hộ kinh doanh Nguyễn Văn Ánh', 'Không có'],
          },
        }),
      ).toEqual([3, 4]);
      expect(await ids({ 'inspections.agency': { $in: ['Thanh tra tỉnh'] } })).toEqual([2, 4]);
    });

    it('matches $regex with accents, anchors and case-insensitivity', async () => {
      expect(await ids({ name: { $regex: '^Công ty' } })).toEqual([1, 2]);
      expect(await ids({ name: { $regex: 'đầu tư', $options: 'i' } })).toEqual([1]);
      expect(await ids({ name: /ĐẦU TƯ/i })).toEqual([1]);
      expect(await ids({ name: /Ánh$/ })).toEqual([4]);
      expect(await ids({ name: /^cong ty/i })).toEqual([]); // no accent folding without collation
    });

    it('matches $elemMatch on arrays of embedded documents', async () => {
      expect(
        await ids({ inspections: { $elemMatch: { agency: 'Sở Y tế', year: { $gte: 2026 } } } }),
      ).toEqual([3]);
      expect(
        await ids({
          inspections: { $elemMatch: { field: 'an toàn thực phẩm', agency: /^Thanh tra/ } },
        }),
      ).toEqual([2, 4]);
    });

    it('sorts Vietnamese strings by code point without collation', async () => {
      const sorted = (
        await t.db.collection<any>('enterprises').find().sort({ name: 1 }).toArray()
      ).map((d) => d.name);
      expect(sorted).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });
  });
});
