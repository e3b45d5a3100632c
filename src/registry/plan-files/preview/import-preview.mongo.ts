import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { foldForMatch } from '../../../domain/vietnamese-text';
import {
  ImportMappingRepository,
  ImportPreviewHeader,
  ImportPreviewRepository,
  MappingKind,
  PreviewRowKey,
  PreviewRowRecord,
} from './import-preview';

/** Expired previews are kept this long to answer 409 PREVIEW_EXPIRED before TTL removes them. */
const KEEP_AFTER_EXPIRY_MS = 24 * 3600_000;
const deleteAt = (expiresAt: Date) => new Date(expiresAt.getTime() + KEEP_AFTER_EXPIRY_MS);

type StoredPreview = Omit<ImportPreviewHeader, 'id'> & {
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

  async saveRows(
    id: string,
    index: number,
    rows: PreviewRowRecord[],
    expiresAt: Date,
  ): Promise<void> {
    await this.chunks.collection.insertOne({
      _id: `${id}:${index}`,
      previewId: id,
      index,
      rows,
      deleteAt: deleteAt(expiresAt),
    } as never);
  }

  async saveHeader(header: ImportPreviewHeader, chunks: number): Promise<void> {
    const { id, ...rest } = header;
    await this.previews.create({ _id: id, ...rest, chunks, deleteAt: deleteAt(header.expiresAt) });
  }

  async findHeader(id: string): Promise<ImportPreviewHeader | null> {
    const doc = await this.previews.findById(id).lean<StoredPreview>().exec();
    if (!doc) return null;
    const { _id, chunks: _n, deleteAt: _d, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async findRow(id: string, row: number): Promise<PreviewRowRecord | null> {
    const doc = await this.chunks
      .findOne({ previewId: id, 'rows.row': row }, { 'rows.$': 1 })
      .lean<Pick<StoredChunk, 'rows'>>()
      .exec();
    return doc?.rows.find((r) => r.row === row) ?? null;
  }

  rowChunks(id: string): AsyncIterable<PreviewRowRecord[]> {
    return this.chunksOf<PreviewRowRecord>(id);
  }

  rowKeys(id: string): AsyncIterable<PreviewRowKey[]> {
    return this.chunksOf<PreviewRowKey>(id, {
      'rows.row': 1,
      'rows.errors': 1,
      'rows.reading.idempotencyKey': 1,
      'rows.reading.parentTaxCode': 1,
    });
  }

  /** One chunk per round trip: a preview of any size is read holding one chunk. */
  private async *chunksOf<T>(id: string, projection?: Record<string, 1>): AsyncIterable<T[]> {
    const cursor = this.chunks.collection
      .find(
        { previewId: id },
        { sort: { index: 1 }, batchSize: 1, ...(projection && { projection }) },
      )
      .map((c) => (c as unknown as { rows: T[] }).rows);
    try {
      for await (const rows of cursor) yield rows;
    } finally {
      await cursor.close();
    }
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
