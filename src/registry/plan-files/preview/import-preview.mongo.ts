import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { foldForMatch } from '../../../domain/vietnamese-text';
import {
  ImportMappingRepository,
  ImportPreview,
  ImportPreviewRepository,
  MappingKind,
  PreviewRowRecord,
} from './import-preview';

/** Rows per stored chunk: a 20,000-row preview stays far below MongoDB's 16 MB per document. */
const ROWS_PER_CHUNK = 1000;

/** Expired previews are kept this long to answer 409 PREVIEW_EXPIRED before TTL removes them. */
const KEEP_AFTER_EXPIRY_MS = 24 * 3600_000;

type StoredPreview = Omit<ImportPreview, 'id' | 'rows'> & {
  _id: string;
  chunks: number;
  deleteAt: Date;
};
interface StoredChunk {
  _id: string;
  previewId: string;
  index: number;
  rows: PreviewRowRecord[];
  deleteAt: Date;
}

export const ImportPreviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencyCode: String,
    year: Number,
    kind: String,
    planId: String,
    planStamp: String,
    planIdGiven: Boolean,
    actor: String,
    filename: String,
    sheet: String,
    headerRow: Number,
    sheetsTried: { type: [String], default: undefined },
    convertedFrom: String,
    fileErrors: { type: [Schema.Types.Mixed], default: [] },
    chunks: Number,
    createdAt: Date,
    expiresAt: Date,
    committedAt: Date,
    deleteAt: { type: Date, required: true },
  },
  { collection: 'plan_import_previews', versionKey: false, minimize: false },
);
// TTL: previews disappear a day after they expire.
ImportPreviewSchema.index({ deleteAt: 1 }, { expireAfterSeconds: 0 });

export const ImportPreviewChunkSchema = new Schema(
  {
    _id: { type: String, required: true },
    previewId: { type: String, required: true },
    index: Number,
    rows: { type: [Schema.Types.Mixed], default: [] },
    deleteAt: { type: Date, required: true },
  },
  { collection: 'plan_import_preview_rows', versionKey: false, minimize: false },
);
// Loading a preview's rows in order (the _id also names the chunk).
ImportPreviewChunkSchema.index({ previewId: 1, index: 1 });
// TTL with the preview.
ImportPreviewChunkSchema.index({ deleteAt: 1 }, { expireAfterSeconds: 0 });

@Injectable()
export class MongoImportPreviewRepository extends ImportPreviewRepository {
  constructor(
    @InjectModel('PlanImportPreview') private readonly previews: Model<StoredPreview>,
    @InjectModel('PlanImportPreviewChunk') private readonly chunks: Model<StoredChunk>,
  ) {
    super();
  }

  async save(p: ImportPreview): Promise<void> {
    const { id, rows, ...rest } = p;
    const deleteAt = new Date(p.expiresAt.getTime() + KEEP_AFTER_EXPIRY_MS);
    const docs: StoredChunk[] = [];
    for (let i = 0; i * ROWS_PER_CHUNK < rows.length; i++)
      docs.push({
        _id: `${id}:${i}`,
        previewId: id,
        index: i,
        rows: rows.slice(i * ROWS_PER_CHUNK, (i + 1) * ROWS_PER_CHUNK),
        deleteAt,
      });
    // Rows first: a preview that is found always has all its rows.
    if (docs.length > 0) await this.chunks.insertMany(docs, { ordered: true, lean: true });
    await this.previews.create({ _id: id, ...rest, chunks: docs.length, deleteAt });
  }

  async find(id: string): Promise<ImportPreview | null> {
    const doc = await this.previews.findById(id).lean<StoredPreview>().exec();
    if (!doc) return null;
    const chunks = await this.chunks
      .find({ previewId: id })
      .sort({ index: 1 })
      .lean<StoredChunk[]>()
      .exec();
    const { _id, chunks: _n, deleteAt: _d, ...rest } = doc;
    return { id: _id, ...rest, rows: chunks.flatMap((c) => c.rows) };
  }

  async replaceRow(id: string, row: PreviewRowRecord): Promise<void> {
    const chunks = await this.chunks
      .find({ previewId: id, 'rows.row': row.row }, { _id: 1, rows: 1 })
      .lean<StoredChunk[]>()
      .exec();
    for (const c of chunks) {
      const at = c.rows.findIndex((r) => r.row === row.row);
      await this.chunks.updateOne({ _id: c._id }, { $set: { [`rows.${at}`]: row } }).exec();
    }
  }

  async claimCommit(id: string, at: Date): Promise<boolean> {
    const r = await this.previews
      .updateOne({ _id: id, committedAt: null }, { $set: { committedAt: at } })
      .exec();
    return r.modifiedCount === 1;
  }

  async releaseCommit(id: string): Promise<void> {
    await this.previews.updateOne({ _id: id }, { $unset: { committedAt: 1 } }).exec();
  }

  async dropRows(id: string): Promise<void> {
    await this.chunks.deleteMany({ previewId: id }).exec();
  }
}

interface StoredMapping {
  _id: string;
  agencyCode: string;
  kind: MappingKind;
  written: string;
  value: string;
  updatedBy: string;
  updatedAt: Date;
}

export const ImportMappingSchema = new Schema(
  {
    _id: { type: String, required: true },
    agencyCode: { type: String, required: true },
    kind: { type: String, required: true },
    written: { type: String, required: true },
    value: { type: String, required: true },
    updatedBy: String,
    updatedAt: Date,
  },
  { collection: 'plan_import_mappings', versionKey: false },
);
// An agency's remembered mappings, loaded with every preview of its files.
ImportMappingSchema.index({ agencyCode: 1 });

@Injectable()
export class MongoImportMappingRepository extends ImportMappingRepository {
  constructor(@InjectModel('PlanImportMapping') private readonly mappings: Model<StoredMapping>) {
    super();
  }

  async listFor(agencyCode: string) {
    const docs = await this.mappings.find({ agencyCode }).lean<StoredMapping[]>().exec();
    return docs.map((d) => ({ kind: d.kind, written: d.written, value: d.value }));
  }

  async remember(
    agencyCode: string,
    kind: MappingKind,
    written: string,
    value: string,
    actor: string,
    at: Date,
  ): Promise<void> {
    const key = foldForMatch(written);
    await this.mappings
      .updateOne(
        { _id: `${agencyCode}:${kind}:${key}` },
        { $set: { agencyCode, kind, written: key, value, updatedBy: actor, updatedAt: at } },
        { upsert: true },
      )
      .exec();
  }
}
