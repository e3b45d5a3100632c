import mongoose, { Schema, type Connection } from 'mongoose';
import { backendUri, databaseNameFor } from './helpers';

// mongoose 9 unchanged: connect, build indexes, CRUD, populate, unique errors.

interface Agency {
  code: string;
  name: string;
}
interface Inspection {
  taxCode: string;
  agency: mongoose.Types.ObjectId;
  year: number;
  window: { from: Date; to: Date };
  amount?: mongoose.Types.Decimal128;
  tags: string[];
}

describe('embedded-mongo conformance: mongoose', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(backendUri(), { dbName: databaseNameFor('conf_mongoose') })
      .asPromise();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const agencySchema = new Schema<Agency>({
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
  });
  const inspectionSchema = new Schema<Inspection>(
    {
      taxCode: { type: String, required: true, index: true },
      agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true },
      year: { type: Number, required: true },
      window: { from: Date, to: Date },
      amount: Schema.Types.Decimal128,
      tags: [String],
    },
    { timestamps: true },
  );
  inspectionSchema.index({ taxCode: 1, agency: 1, year: 1 }, { unique: true });

  it('builds the schema indexes', async () => {
    const Agency = connection.model('Agency', agencySchema);
    const Inspection = connection.model('Inspection', inspectionSchema);
    await Agency.init();
    await Inspection.init();
    const agencyIndexes = await Agency.collection.indexes();
    expect(agencyIndexes.map((i) => i.name)).toEqual(['_id_', 'code_1']);
    expect(agencyIndexes[1].unique).toBe(true);
    const inspectionIndexes = await Inspection.collection.indexes();
    expect(inspectionIndexes.map((i) => i.name).sort()).toEqual([
      '_id_',
      'taxCode_1',
      'taxCode_1_agency_1_year_1',
    ]);
    const diff = await Inspection.diffIndexes();
    expect(diff).toEqual({ toDrop: [], toCreate: [] });
  });

  it('creates, reads, updates, populates and deletes', async () => {
    const Agency = connection.model<Agency>('Agency');
    const Inspection = connection.model<Inspection>('Inspection');
    const [ttt, syt] = await Agency.create([
      { code: 'TTT', name: 'Thanh tra tỉnh' },
      { code: 'SYT', name: 'Sở Y tế' },
    ]);
    const created = await Inspection.create({
      taxCode: '0100109106',
      agency: ttt._id,
      year: 2025,
      window: { from: new Date('2025-03-01'), to: new Date('2025-03-05') },
      amount: mongoose.Types.Decimal128.fromString('1500000.50'),
      tags: ['an toàn thực phẩm'],
    });
    expect(created.get('createdAt')).toBeInstanceOf(Date);

    const found = await Inspection.findById(created._id)
      .populate<{ agency: Agency }>('agency')
      .lean();
    expect(found!.agency.name).toBe('Thanh tra tỉnh');
    expect(found!.amount!.toString()).toBe('1500000.50');
    expect(found!.window.from).toEqual(new Date('2025-03-01'));

    const updated = await Inspection.findOneAndUpdate(
      { _id: created._id },
      { $set: { year: 2026 }, $push: { tags: 'thuế' } },
      { returnDocument: 'after' },
    ).lean();
    expect(updated).toMatchObject({ year: 2026, tags: ['an toàn thực phẩm', 'thuế'] });

    created.agency = syt._id;
    await created.save();
    expect((await Inspection.findById(created._id).lean())!.agency.toString()).toBe(
      syt._id.toString(),
    );

    expect(await Inspection.countDocuments({ taxCode: '0100109106' })).toBe(1);
    expect(await Inspection.exists({ tags: 'thuế' })).toEqual({ _id: created._id });
    const grouped = await Inspection.aggregate([{ $group: { _id: '$taxCode', n: { $sum: 1 } } }]);
    expect(grouped).toEqual([{ _id: '0100109106', n: 1 }]);

    const upserted = await Inspection.findOneAndUpdate(
      { taxCode: '0300588569', agency: ttt._id, year: 2025 },
      { $setOnInsert: { tags: [] } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted.taxCode).toBe('0300588569');
    expect(await Inspection.countDocuments()).toBe(2);

    expect((await Inspection.deleteOne({ _id: created._id })).deletedCount).toBe(1);
    expect(await Inspection.findById(created._id)).toBeNull();
  });

  it('surfaces unique violations as MongoServerError 11000 with keyValue', async () => {
    const Agency = connection.model<Agency>('Agency');
    const error = await Agency.create({ code: 'TTT', name: 'again' }).then(
      () => undefined,
      (e: unknown) => e as { code: number; keyValue: object; name: string },
    );
    expect(error).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyValue: { code: 'TTT' },
    });

    const insertMany = await Agency.insertMany(
      [
        { code: 'A1', name: 'a' },
        { code: 'TTT', name: 'dup' },
        { code: 'A2', name: 'b' },
      ],
      { ordered: false },
    ).then(
      () => undefined,
      (e: unknown) =>
        e as { code: number; insertedDocs: unknown[]; writeErrors: { index: number }[] },
    );
    expect(insertMany?.code).toBe(11000);
    expect(insertMany!.writeErrors.map((w) => w.index)).toEqual([1]);
    expect(await Agency.countDocuments({ code: { $in: ['A1', 'A2'] } })).toBe(2);
  });
});
