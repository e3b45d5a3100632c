import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { AGENCY_KINDS, AgencyKind } from '../domain/vocabulary';
import { Agency, AgencyRepository } from './agency';

export const AgencySchema = new Schema<Agency>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: AGENCY_KINDS },
    active: { type: Boolean, default: true },
    contactEmail: { type: String },
    province: { type: String },
    level: { type: String },
    validFrom: { type: String },
    validTo: { type: String },
    successorCode: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'agencies', versionKey: false },
);
// POST /agencies and every lookup by code: one agency per code.
AgencySchema.index({ code: 1 }, { unique: true });

const PROJECTION = { _id: 0 };

@Injectable()
export class MongoAgencyRepository extends AgencyRepository {
  constructor(@InjectModel('Agency') private readonly agencies: Model<Agency>) {
    super();
  }

  async insert(agency: Agency): Promise<Agency> {
    await this.agencies.create(agency);
    return agency;
  }

  findByCode(code: string): Promise<Agency | null> {
    return this.agencies.findOne({ code }, PROJECTION).lean<Agency>().exec();
  }

  findByCodes(codes: string[]): Promise<Agency[]> {
    return this.agencies
      .find({ code: { $in: codes } }, PROJECTION)
      .lean<Agency[]>()
      .exec();
  }

  list(filter: { kind?: AgencyKind; active?: boolean }): Promise<Agency[]> {
    const query: Record<string, unknown> = {};
    if (filter.kind) query.kind = filter.kind;
    if (filter.active !== undefined) query.active = filter.active;
    return this.agencies.find(query, PROJECTION).sort({ code: 1 }).lean<Agency[]>().exec();
  }

  update(code: string, changes: Partial<Agency>): Promise<Agency | null> {
    return this.agencies
      .findOneAndUpdate(
        { code },
        { $set: changes },
        { returnDocument: 'after', projection: PROJECTION },
      )
      .lean<Agency>()
      .exec();
  }
}
