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

/**
 * Collections whose writes also carry versions per feed scope (`inspections@agency:S01`), so a
 * write touching one agency leaves every other agency's cached feed valid. A write that names
 * no scope bumps `<collection>@*`, which every scoped reader also reads: a write path that
 * forgot its scopes invalidates too much, never too little.
 */
export const SCOPED_COLLECTIONS: ReadonlySet<string> = new Set([
  'inspections',
  'inspection_lifecycles',
  'agencies',
  'enterprises',
  'conflicts',
]);

/** The scope every write that names none bumps, and every scoped reader reads. */
export const ANY_SCOPE = '*';

/** The version id of one scope of a collection (the collection's own id has no `@`). */
export function scopedVersionId(collection: string, scope: string): string {
  return `${collection}@${scope}`;
}

/** The scopes of a write to an inspection: every agency it involves and its parent enterprise. */
export function inspectionScopes(
  i: Partial<{
    agencyCode: string;
    leadAgencyCode: string;
    participantAgencyCodes: readonly string[];
    parentTaxCode: string;
  }>,
): string[] {
  const agencies = [i.agencyCode, i.leadAgencyCode, ...(i.participantAgencyCodes ?? [])];
  return [
    ...new Set([
      ...agencies.filter((c): c is string => !!c).map((c) => `agency:${c}`),
      ...(i.parentTaxCode ? [`enterprise:${i.parentTaxCode}`] : []),
    ]),
  ];
}

/**
 * Options a scoped write passes to mongoose: the hook leaves it alone, its repository bumps
 * the collection and the scopes in one round trip after it (bumpDataVersion).
 */
export const SCOPED_WRITE: object = { versionScoped: true };

async function bump(
  connection: Connection,
  collection: string,
  scopes?: readonly string[],
): Promise<void> {
  if (!VERSIONED_COLLECTIONS.has(collection) || connection.readyState !== 1) return;
  const ids = [collection];
  if (SCOPED_COLLECTIONS.has(collection))
    ids.push(...(scopes ?? [ANY_SCOPE]).map((s) => scopedVersionId(collection, s)));
  // One round trip however many scopes.
  await connection.db!.collection<{ _id: string; v: number }>(DATA_VERSIONS_COLLECTION).bulkWrite(
    ids.map((_id) => ({
      updateOne: { filter: { _id }, update: { $inc: { v: 1 } }, upsert: true },
    })),
    { ordered: false },
  );
}

/**
 * For writes that go around mongoose (raw driver calls on model.collection), or that passed
 * SCOPED_WRITE: bumps the collection and `scopes` (none given: every scope).
 */
export function bumpDataVersion(model: Model<any>, scopes?: readonly string[]): Promise<void> {
  return bump(model.db, model.collection.collectionName, scopes);
}

/** Connection plugin: every model's writes bump its collection's version. */
export function dataVersionsPlugin(connection: Connection) {
  return (schema: Schema): void => {
    // Subdocument schemas get the plugin too; they have no collection of their own.
    // A write marked scoped is bumped by its repository. Bumped on the writing model's own
    // connection: mongoose applies plugins to a schema once, so a second connection (a
    // second app in one process) runs the hooks the first installed.
    const bumpFor = (model: Model<any> | undefined, scoped?: boolean) =>
      model?.collection && !scoped
        ? bump(model.db ?? connection, model.collection.collectionName)
        : undefined;
    schema.post(
      WRITE_QUERIES as never,
      async function (this: {
        model?: Model<any>;
        getOptions?: () => { versionScoped?: boolean };
      }) {
        await bumpFor(this.model, this.getOptions?.().versionScoped);
      },
    );
    schema.post(
      'save',
      async function (this: {
        $isSubdocument?: boolean;
        $locals?: { versionScoped?: boolean };
        constructor: Model<any>;
      }) {
        if (!this.$isSubdocument) await bumpFor(this.constructor, this.$locals?.versionScoped);
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

  /**
   * A key that changes whenever any of the collections changes; an id `collection@scope`
   * (scopedVersionId) changes only with writes to that scope (or to no scope in particular).
   */
  async fingerprint(ids: readonly string[]): Promise<string> {
    const versions = await this.read(ids);
    return ids.map((id) => `${id}:${versions.get(id)}`).join(',');
  }

  /** The version of each id, in one read. */
  async read(ids: readonly string[]): Promise<Map<string, number>> {
    // A cache keyed on an unversioned collection would never be invalidated.
    const unversioned = ids.filter((id) => {
      const [collection, scope] = id.split('@');
      return scope === undefined
        ? !VERSIONED_COLLECTIONS.has(collection)
        : !SCOPED_COLLECTIONS.has(collection);
    });
    if (unversioned.length > 0)
      throw new Error(`no data version is kept for ${unversioned.join(', ')}`);
    const docs = await this.connection
      .db!.collection<{ _id: string; v: number }>(DATA_VERSIONS_COLLECTION)
      .find({ _id: { $in: [...new Set(ids)] } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d.v]));
    return new Map(ids.map((id) => [id, byId.get(id) ?? 0]));
  }
}
