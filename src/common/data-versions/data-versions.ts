// A version number per collection, bumped by every write through mongoose, so caches (the
// rendered calendar feeds) are invalidated on change across all replicas with one cheap read.
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model, Schema } from 'mongoose';

export const DATA_VERSIONS_COLLECTION = 'data_versions';

/**
 * The collections some cache is keyed on (rendered feeds, the year report). Only their writes
 * pay for a bump: an outbox entry, an audit event or a session touched on every request would
 * otherwise cost a second round trip each, on every write path.
 */
export const VERSIONED_COLLECTIONS: ReadonlySet<string> = new Set([
  'inspections',
  'inspection_lifecycles',
  'agencies',
  'enterprises',
  'conflicts',
  'meetings',
]);

const WRITE_QUERIES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

async function bump(connection: Connection, collection: string): Promise<void> {
  if (!VERSIONED_COLLECTIONS.has(collection) || connection.readyState !== 1) return;
  await connection
    .db!.collection<{ _id: string; v: number }>(DATA_VERSIONS_COLLECTION)
    .updateOne({ _id: collection }, { $inc: { v: 1 } }, { upsert: true });
}

/** For writes that go around mongoose (raw driver calls on model.collection). */
export function bumpDataVersion(model: Model<any>): Promise<void> {
  return bump(model.db, model.collection.collectionName);
}

/** Connection plugin: every model's writes bump its collection's version. */
export function dataVersionsPlugin(connection: Connection) {
  return (schema: Schema): void => {
    // Subdocument schemas get the plugin too; they have no collection of their own.
    const bumpFor = (model: Model<any> | undefined) =>
      model?.collection ? bump(connection, model.collection.collectionName) : undefined;
    schema.post(WRITE_QUERIES as never, async function (this: { model?: Model<any> }) {
      await bumpFor(this.model);
    });
    schema.post(
      'save',
      async function (this: { $isSubdocument?: boolean; constructor: Model<any> }) {
        if (!this.$isSubdocument) await bumpFor(this.constructor);
      },
    );
    schema.post(['insertMany', 'bulkWrite'] as never, async function (this: Model<any>) {
      await bumpFor(this);
    });
  };
}

@Injectable()
export class DataVersions {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** A key that changes whenever any of the collections changes. */
  async fingerprint(collections: readonly string[]): Promise<string> {
    // A cache keyed on an unversioned collection would never be invalidated.
    const unversioned = collections.filter((c) => !VERSIONED_COLLECTIONS.has(c));
    if (unversioned.length > 0)
      throw new Error(`no data version is kept for ${unversioned.join(', ')}`);
    const docs = await this.connection
      .db!.collection<{ _id: string; v: number }>(DATA_VERSIONS_COLLECTION)
      .find({ _id: { $in: [...collections] } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d.v]));
    return collections.map((c) => `${c}:${byId.get(c) ?? 0}`).join(',');
  }
}
