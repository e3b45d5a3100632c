import { calculateObjectSize, type Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from '../errors';
import { isPlainObject } from '../bson-values';
import { requireString, type CommandContext, type CommandHandler } from './context';

function collectionSize(ctx: CommandContext, dbName: string): number {
  let bytes = 0;
  for (const collection of ctx.catalog.collections(dbName)) {
    for (const doc of collection.records.values()) bytes += calculateObjectSize(doc);
  }
  return bytes;
}

function applyListFilter(entries: Document[], filter: unknown): Document[] {
  if (!isPlainObject(filter) || Object.keys(filter).length === 0) return entries;
  const query = new Query(filter);
  return entries.filter((entry) => query.test(entry));
}

const listDatabases: CommandHandler = (ctx) => {
  if (ctx.db !== 'admin')
    throw new CommandError(
      'Unauthorized',
      'listDatabases may only be run against the admin database.',
    );
  const nameOnly = ctx.command.nameOnly === true;
  let entries = ctx.catalog.databaseNames().map((name) => {
    if (nameOnly) return { name };
    const sizeOnDisk = collectionSize(ctx, name);
    return { name, sizeOnDisk, empty: sizeOnDisk === 0 };
  });
  entries = applyListFilter(entries, ctx.command.filter) as typeof entries;
  if (nameOnly) return { databases: entries, ok: 1 };
  const totalSize = entries.reduce((sum, entry) => sum + (entry.sizeOnDisk ?? 0), 0);
  return {
    databases: entries,
    totalSize,
    totalSizeMb: Math.floor(totalSize / (1024 * 1024)),
    ok: 1,
  };
};

const listCollections: CommandHandler = (ctx) => {
  const nameOnly = ctx.command.nameOnly === true;
  let entries: Document[] = ctx.catalog.collections(ctx.db).map((collection) =>
    nameOnly
      ? { name: collection.name, type: 'collection' }
      : {
          name: collection.name,
          type: 'collection',
          options: collection.options,
          info: { readOnly: false },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  );
  entries = applyListFilter(entries, ctx.command.filter);
  const batchSize = isPlainObject(ctx.command.cursor)
    ? (ctx.command.cursor.batchSize as number | undefined)
    : undefined;
  return { cursor: ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, entries, batchSize), ok: 1 };
};

/** Options of `create` that change behaviour this server does not implement: refuse them. */
const UNSUPPORTED_CREATE_OPTIONS = [
  'capped',
  'timeseries',
  'viewOn',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
  'encryptedFields',
];

const create: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'create');
  const unsupported = UNSUPPORTED_CREATE_OPTIONS.find(
    (option) => command[option] !== undefined && command[option] !== false,
  );
  if (unsupported)
    throw new CommandError(
      'InvalidOptions',
      `'${unsupported}' collections are not supported by the embedded server`,
    );
  // Keep only the options listCollections should echo back (validator etc. are stored, not enforced).
  const options: Document = {};
  for (const [key, value] of Object.entries(command)) {
    if (
      ['create', '$db', 'lsid', 'writeConcern', '$readPreference', 'comment', 'txnNumber'].includes(
        key,
      )
    )
      continue;
    options[key] = value;
  }
  // Since 7.0 create is idempotent when the options are identical (SERVER-60064).
  const existing = ctx.catalog.getCollection(ctx.db, name);
  if (existing && JSON.stringify(existing.options) === JSON.stringify(options)) return { ok: 1 };
  if (existing)
    throw new CommandError('NamespaceExists', `Collection already exists. NS: ${ctx.db}.${name}`);
  ctx.catalog.createCollection(ctx.db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = requireString(ctx.command, 'drop');
  const collection = ctx.catalog.getCollection(ctx.db, name);
  // Since 7.0 dropping a missing collection succeeds (earlier: NamespaceNotFound).
  if (!collection) return { ok: 1 };
  const nIndexesWas = collection.indexes.size;
  ctx.catalog.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.catalog.dropDatabase(ctx.db);
  return { ok: 1 };
};

const createIndexes: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'createIndexes');
  if (!Array.isArray(command.indexes) || command.indexes.length === 0) {
    throw new CommandError('BadValue', 'Must specify at least one index to create');
  }
  const createdCollection = !ctx.catalog.getCollection(ctx.db, name);
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  const numIndexesBefore = collection.indexes.size;
  // Validate/build all before committing any, like mongod's single index build.
  let created = 0;
  for (const spec of command.indexes as Document[]) {
    if (!isPlainObject(spec))
      throw new CommandError('TypeMismatch', 'index specification must be an object');
    if (spec.name === undefined && !isPlainObject(spec.key))
      throw new CommandError('FailedToParse', "The 'key' field is required");
    if (collection.createIndex(spec)) created++;
  }
  const reply: Document = {
    numIndexesBefore,
    numIndexesAfter: collection.indexes.size,
    createdCollectionAutomatically: createdCollection,
    ok: 1,
  };
  if (created === 0) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (ctx) => {
  const name = requireString(ctx.command, 'listIndexes');
  const collection = ctx.catalog.getCollection(ctx.db, name);
  if (!collection)
    throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const specs = [...collection.indexes.values()].map((index) => index.spec);
  const batchSize = isPlainObject(ctx.command.cursor)
    ? (ctx.command.cursor.batchSize as number | undefined)
    : undefined;
  return { cursor: ctx.cursors.open(`${ctx.db}.${name}`, specs, batchSize), ok: 1 };
};

const dropIndexes: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'dropIndexes' in command ? 'dropIndexes' : 'deleteIndexes');
  const collection = ctx.catalog.getCollection(ctx.db, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = collection.indexes.size;
  const target = command.index;
  if (target === '*') {
    for (const indexName of [...collection.indexes.keys()])
      if (indexName !== '_id_') collection.dropIndex(indexName);
  } else if (typeof target === 'string') {
    collection.dropIndex(target);
  } else if (Array.isArray(target)) {
    for (const indexName of target) collection.dropIndex(String(indexName));
  } else if (isPlainObject(target)) {
    const index = collection.findIndexByKey(target);
    if (!index)
      throw new CommandError(
        'IndexNotFound',
        `can't find index with key: ${JSON.stringify(target)}`,
      );
    collection.dropIndex(index.name);
  } else {
    throw new CommandError(
      'TypeMismatch',
      "'index' must be a string, an array of strings or an object",
    );
  }
  return { nIndexesWas, ok: 1 };
};

const renameCollection: CommandHandler = (ctx) => {
  if (ctx.db !== 'admin')
    throw new CommandError(
      'Unauthorized',
      'renameCollection may only be run against the admin database.',
    );
  const from = requireString(ctx.command, 'renameCollection');
  const to = requireString(ctx.command, 'to');
  const [fromDb, ...fromRest] = from.split('.');
  const [toDb, ...toRest] = to.split('.');
  ctx.catalog.renameCollection(
    fromDb,
    fromRest.join('.'),
    toDb,
    toRest.join('.'),
    ctx.command.dropTarget === true,
  );
  return { ok: 1 };
};

const dbStats: CommandHandler = (ctx) => {
  const collections = ctx.catalog.collections(ctx.db);
  const dataSize = collectionSize(ctx, ctx.db);
  const objects = collections.reduce((sum, c) => sum + c.records.size, 0);
  const indexes = collections.reduce((sum, c) => sum + c.indexes.size, 0);
  return {
    db: ctx.db,
    collections: collections.length,
    views: 0,
    objects,
    dataSize,
    storageSize: dataSize,
    indexes,
    ok: 1,
  };
};

export const adminCommands: Record<string, CommandHandler> = {
  listDatabases,
  listCollections,
  create,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  renameCollection,
  dbStats,
};
