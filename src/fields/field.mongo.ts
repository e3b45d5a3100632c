import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model, Schema } from 'mongoose';
import { StateConflictError } from '../common/errors/domain-errors';
import { fieldNameKey } from '../domain/fields-of-management';
import { FieldRepository, FieldUsage, StoredField } from './field';

/** The stored record: the field and its name key. */
type FieldRecord = StoredField & { nameKey: string };

export const FieldSchema = new Schema<FieldRecord>(
  {
    code: { type: String, required: true },
    vi: { type: String, required: true },
    en: { type: String, required: true },
    aliases: { type: [String], default: [] },
    active: { type: Boolean, required: true },
    /** fieldNameKey(vi): stored only to be unique, never read. */
    nameKey: { type: String, required: true },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'fields_of_management', versionKey: false },
);
// Inspections store the code: one field per code, for good.
FieldSchema.index({ code: 1 }, { unique: true });
// Two fields one name (however cased or composed) would make the pick list and the import guess.
FieldSchema.index({ nameKey: 1 }, { unique: true });

const PROJECTION = { _id: 0, nameKey: 0 };

function taken(error: unknown, field: { code?: string; vi?: string }): unknown {
  const e = error as { code?: unknown; keyPattern?: Record<string, unknown> };
  if (e.code !== 11000) return error;
  if (e.keyPattern?.nameKey)
    return new StateConflictError('FIELD_NAME_EXISTS', `A field named ${field.vi} already exists`, [
      {
        field: 'vi',
        code: 'DUPLICATE',
        message: `a field named ${field.vi} already exists`,
        messageVi: 'Đã có lĩnh vực mang tên này',
      },
    ]);
  return new StateConflictError('FIELD_EXISTS', `Field ${field.code} already exists`, [
    {
      field: 'code',
      code: 'DUPLICATE',
      message: `a field with code ${field.code} already exists`,
      messageVi: 'Đã có lĩnh vực với mã này',
    },
  ]);
}

@Injectable()
export class MongoFieldRepository extends FieldRepository {
  constructor(@InjectModel('FieldOfManagement') private readonly fields: Model<FieldRecord>) {
    super();
  }

  list(): Promise<StoredField[]> {
    return this.fields.find({}, PROJECTION).sort({ code: 1 }).lean<StoredField[]>().exec();
  }

  findByCode(code: string): Promise<StoredField | null> {
    return this.fields.findOne({ code }, PROJECTION).lean<StoredField>().exec();
  }

  async insert(field: StoredField): Promise<void> {
    try {
      await this.fields.create({ ...field, nameKey: fieldNameKey(field.vi) });
    } catch (error) {
      throw taken(error, field);
    }
  }

  async seedIfEmpty(fields: StoredField[]): Promise<number> {
    if ((await this.fields.countDocuments({}).exec()) > 0) return 0;
    const docs = fields.map((f) => ({ ...f, nameKey: fieldNameKey(f.vi) }));
    try {
      return (await this.fields.insertMany(docs, { ordered: false })).length;
    } catch (error) {
      // Another replica seeded the same list at the same moment: its copies stand.
      if ((error as { code?: unknown }).code === 11000) return 0;
      const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
      if (writeErrors?.every((w) => w.code === 11000)) return 0;
      throw error;
    }
  }

  updateIfRevision(
    code: string,
    expectedRevision: number,
    changes: Partial<StoredField>,
  ): Promise<StoredField | null> {
    const { code: _code, ...rest } = changes;
    void _code;
    const set = rest.vi ? { ...rest, nameKey: fieldNameKey(rest.vi) } : rest;
    return this.fields
      .findOneAndUpdate(
        { code, revision: expectedRevision },
        { $set: set },
        { returnDocument: 'after', projection: PROJECTION },
      )
      .lean<StoredField>()
      .exec()
      .catch((error: unknown) => {
        throw taken(error, { code, vi: changes.vi });
      });
  }

  async removeIfRevision(code: string, expectedRevision: number): Promise<boolean> {
    const r = await this.fields.deleteOne({ code, revision: expectedRevision }).exec();
    return r.deletedCount === 1;
  }
}

/**
 * Reads the registry's inspections collection by name: the registry depends on the catalogue,
 * so the catalogue cannot import the registry back (the module graph stays acyclic).
 */
@Injectable()
export class MongoFieldUsage extends FieldUsage {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  inspectionsUsing(code: string): Promise<number> {
    return this.connection.collection('inspections').countDocuments({ field: code });
  }
}
