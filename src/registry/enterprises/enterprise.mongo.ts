import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import {
  bumpDataVersion,
  inspectionScopes,
  SCOPED_WRITE,
} from '../../common/data-versions/data-versions';
import { InspectionRepository } from '../inspections/inspection';
import { Enterprise, EnterpriseRepository } from './enterprise';

export const EnterpriseSchema = new Schema<Enterprise>(
  {
    taxCode: { type: String, required: true },
    parentTaxCode: { type: String, required: true },
    isBranch: { type: Boolean, required: true },
    name: { type: String, required: true },
    address: String,
    goodComplier: { type: Boolean, default: false },
    publicFeed: { type: Boolean, default: false },
    contactEmail: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'enterprises', versionKey: false },
);
// GET /enterprises/:taxCode and creation on the fly: one record per tax code, race-safe.
EnterpriseSchema.index({ taxCode: 1 }, { unique: true });
// Rule context (good complier) and an enterprise page with its branches: by parent.
EnterpriseSchema.index({ parentTaxCode: 1 });

const PROJECTION = { _id: 0 };

@Injectable()
export class MongoEnterpriseRepository extends EnterpriseRepository {
  constructor(
    @InjectModel('Enterprise') private readonly enterprises: Model<Enterprise>,
    private readonly inspections: InspectionRepository,
  ) {
    super();
  }

  /**
   * A name or address shows in the feeds of the enterprise and of every agency inspecting
   * it. Read after the write: an inspection added meanwhile bumps its own feeds after it.
   */
  private async bumpFeedsOf(parentTaxCodes: string[]): Promise<void> {
    const scopes = new Set(parentTaxCodes.map((p) => `enterprise:${p}`));
    for (const i of await this.inspections.findByParents([...new Set(parentTaxCodes)]))
      for (const scope of inspectionScopes(i)) scopes.add(scope);
    await bumpDataVersion(this.enterprises, [...scopes]);
  }

  async ensureExist(
    entries: Array<Pick<Enterprise, 'taxCode' | 'parentTaxCode' | 'isBranch' | 'name' | 'address'>>,
    now: Date,
  ): Promise<void> {
    if (entries.length === 0) return;
    // Most names are already known on a re-import or a big plan: upsert only the new ones.
    const known = new Set(
      (
        await this.enterprises
          .find({ taxCode: { $in: entries.map((e) => e.taxCode) } }, { taxCode: 1, _id: 0 })
          .lean<Array<{ taxCode: string }>>()
          .exec()
      ).map((e) => e.taxCode),
    );
    const fresh = entries.filter((e) => !known.has(e.taxCode));
    if (fresh.length === 0) return;
    const ops = fresh.map((e) => ({
      updateOne: {
        filter: { taxCode: e.taxCode },
        update: {
          $setOnInsert: {
            taxCode: e.taxCode,
            parentTaxCode: e.parentTaxCode,
            isBranch: e.isBranch,
            name: e.name,
            ...(e.address && { address: e.address }),
            goodComplier: false,
            publicFeed: false,
            createdAt: now,
            updatedAt: now,
          },
        },
        upsert: true,
      },
    }));
    try {
      // Through the driver: mongoose's bulkWrite hook cannot tell which feeds it touched.
      await this.enterprises.collection.bulkWrite(ops, { ordered: false });
    } catch (error) {
      // Two writers upserting one new tax code: the loser gets E11000 although the record
      // now exists, which is all this method promises. Anything else is a real failure.
      const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? [];
      if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw error;
    } finally {
      await this.bumpFeedsOf(fresh.map((e) => e.parentTaxCode));
    }
  }

  findByTaxCode(taxCode: string): Promise<Enterprise | null> {
    return this.enterprises.findOne({ taxCode }, PROJECTION).lean<Enterprise>().exec();
  }

  async findByParents(parentTaxCodes: string[]): Promise<Enterprise[]> {
    // Every re-scan batch and write-time check asks this, so it goes through the driver
    // without mongoose's hydration; the projection leaves _id out on the server.
    return this.enterprises.collection
      .find({ parentTaxCode: { $in: parentTaxCodes } }, { projection: PROJECTION })
      .toArray() as unknown as Promise<Enterprise[]>;
  }

  async update(taxCode: string, changes: Partial<Enterprise>): Promise<Enterprise | null> {
    const updated = await this.enterprises
      .findOneAndUpdate(
        { taxCode },
        { $set: changes },
        { returnDocument: 'after', projection: PROJECTION, ...SCOPED_WRITE },
      )
      .lean<Enterprise>()
      .exec();
    if (updated) await this.bumpFeedsOf([updated.parentTaxCode]);
    return updated;
  }

  async search(filter: { q?: string; goodComplier?: boolean }, skip: number, limit: number) {
    const query: Record<string, unknown> = {};
    if (filter.goodComplier !== undefined) query.goodComplier = filter.goodComplier;
    if (filter.q) {
      const escaped = filter.q.normalize('NFC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      query.$or = [
        { taxCode: { $regex: `^${escaped}` } },
        { name: { $regex: escaped, $options: 'i' } },
      ];
    }
    const [items, total] = await Promise.all([
      this.enterprises
        .find(query, PROJECTION)
        .sort({ taxCode: 1 })
        .skip(skip)
        .limit(limit)
        .lean<Enterprise[]>()
        .exec(),
      this.enterprises.countDocuments(query),
    ]);
    return { items, total };
  }
}
