import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { bumpDataVersion, SCOPED_WRITE } from '../common/data-versions/data-versions';
import { StateConflictError } from '../common/errors/domain-errors';
import { AGENCY_KINDS, AgencyKind } from '../domain/vocabulary';
import { Agency, AgencyRepository } from './agency';

/** The stored record: the agency and its name key. */
type StoredAgency = Agency & { nameKey?: string };

export const AgencySchema = new Schema<StoredAgency>(
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
    revision: { type: Number },
    /** agencyNameKey(name): stored only to be unique, never read. */
    nameKey: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'agencies', versionKey: false },
);
// POST /agencies and every lookup by code: one agency per code.
AgencySchema.index({ code: 1 }, { unique: true });
// POST/PATCH /agencies: one agency per name, however it is cased or composed (imports name
// agencies by name, and two with one name made every such import ambiguous). Sparse: records
// from before the key get it when next renamed.
AgencySchema.index({ nameKey: 1 }, { unique: true, sparse: true });

const PROJECTION = { _id: 0, nameKey: 0 };

/** Names compare NFC-normalised, case-folded and with runs of spaces as one. */
export function agencyNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function nameTaken(error: unknown, name: string | undefined): unknown {
  const e = error as { code?: unknown; keyPattern?: Record<string, unknown> };
  if (e.code !== 11000 || !e.keyPattern?.nameKey) return error;
  return new StateConflictError('AGENCY_NAME_EXISTS', `An agency named ${name} already exists`, [
    { field: 'name', code: 'DUPLICATE', message: `an agency named ${name} already exists` },
  ]);
}

@Injectable()
export class MongoAgencyRepository extends AgencyRepository {
  constructor(@InjectModel('Agency') private readonly agencies: Model<StoredAgency>) {
    super();
  }

  async insert(agency: Agency): Promise<Agency> {
    try {
      const doc = new this.agencies({ ...agency, nameKey: agencyNameKey(agency.name) });
      doc.$locals.versionScoped = true;
      await doc.save();
    } catch (error) {
      throw nameTaken(error, agency.name);
    }
    // Feeds that showed the code bare (an agency not yet registered) show its name now.
    await bumpDataVersion(this.agencies, [`agency:${agency.code}`]);
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

  async update(
    code: string,
    changes: Partial<Agency>,
    expectedRevision?: number,
  ): Promise<Agency | null> {
    const updated = await this.updateOnly(code, changes, expectedRevision);
    // Only the feeds that show this agency (its own, and those it takes part in) change.
    if (updated) await bumpDataVersion(this.agencies, [`agency:${code}`]);
    return updated;
  }

  private updateOnly(
    code: string,
    changes: Partial<Agency>,
    expectedRevision?: number,
  ): Promise<Agency | null> {
    const set = changes.name ? { ...changes, nameKey: agencyNameKey(changes.name) } : changes;
    const filter: Record<string, unknown> = { code };
    if (expectedRevision === 0) filter.$or = [{ revision: 0 }, { revision: { $exists: false } }];
    else if (expectedRevision !== undefined) filter.revision = expectedRevision;
    return this.agencies
      .findOneAndUpdate(
        filter,
        { $set: set, $inc: { revision: 1 } },
        { returnDocument: 'after', projection: PROJECTION, ...SCOPED_WRITE },
      )
      .lean<Agency>()
      .exec()
      .catch((error: unknown) => {
        throw nameTaken(error, changes.name);
      });
  }
}
