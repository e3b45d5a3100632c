import type { Document } from 'bson';
import type { Collection } from '../collection';
import { asCommandError, CommandError } from '../errors';
import { deepClone, indexKeyOf, isPlainObject, valuesAtPath, EMPTY_ARRAY } from '../bson-values';
import { toCursorId } from '../cursors';
import {
  copyFields,
  countMatches,
  fieldsReadByGroup,
  fieldsReadByProjection,
  findMatches,
  project,
  runPipeline,
} from '../query';
import {
  applyUpdate,
  buildUpsertDocument,
  classifyUpdate,
  documentsDiffer,
  type UpdateSpec,
} from '../update';
import { optionalNumber, requireString, type CommandContext, type CommandHandler } from './context';

function namespace(ctx: CommandContext, collection: string): string {
  return `${ctx.db}.${collection}`;
}

function documentOption(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new CommandError('TypeMismatch', `'${field}' must be an object`);
  return value;
}

// ---- reads ----------------------------------------------------------------------------

const find: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'find');
  const filter = documentOption(command, 'filter');
  const projection = documentOption(command, 'projection');
  let limit = optionalNumber(command, 'limit');
  let singleBatch = command.singleBatch === true;
  if (limit !== undefined && limit < 0) {
    limit = -limit; // legacy negative limit: one batch only
    singleBatch = true;
  }
  const matches = findMatches(ctx.catalog.getCollection(ctx.db, name), {
    filter,
    sort: documentOption(command, 'sort'),
    skip: optionalNumber(command, 'skip'),
    limit: limit || undefined,
    collation: documentOption(command, 'collation'),
  });
  const docs = project(
    matches.map((match) => match.doc),
    projection,
    filter,
  );
  const batchSize = optionalNumber(command, 'batchSize');
  return { cursor: ctx.cursors.open(namespace(ctx, name), docs, batchSize, singleBatch), ok: 1 };
};

const getMore: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'collection');
  const reply = ctx.cursors.getMore(
    toCursorId(command.getMore),
    namespace(ctx, name),
    optionalNumber(command, 'batchSize'),
  );
  return { cursor: reply, ok: 1 };
};

const killCursors: CommandHandler = (ctx) => {
  const ids = Array.isArray(ctx.command.cursors) ? ctx.command.cursors.map(toCursorId) : [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return {
    cursorsKilled: killed,
    cursorsNotFound: notFound,
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

const count: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'count');
  const n = countMatches(ctx.catalog.getCollection(ctx.db, name), {
    filter: documentOption(command, 'query'),
    skip: optionalNumber(command, 'skip'),
    limit: Math.abs(optionalNumber(command, 'limit') ?? 0) || undefined,
    collation: documentOption(command, 'collation'),
  });
  return { n, ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'distinct');
  const key = command.key;
  if (typeof key !== 'string') throw new CommandError('TypeMismatch', "'key' must be a string");
  const matches = findMatches(ctx.catalog.getCollection(ctx.db, name), {
    filter: documentOption(command, 'query'),
    collation: documentOption(command, 'collation'),
  });
  const seen = new Map<string, unknown>();
  for (const { doc } of matches) {
    for (const value of valuesAtPath(doc, key)) {
      if (value === undefined || value === EMPTY_ARRAY) continue;
      const hash = indexKeyOf(value);
      if (!seen.has(hash)) seen.set(hash, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

const aggregate: CommandHandler = (ctx) => {
  const { command } = ctx;
  const target = command.aggregate;
  if (typeof target !== 'string') {
    throw new CommandError(
      'InvalidNamespace',
      'collection-less aggregate is not supported by the embedded server',
    );
  }
  if (!Array.isArray(command.pipeline))
    throw new CommandError('TypeMismatch', "'pipeline' must be an array");
  if (command.explain)
    throw new CommandError('IllegalOperation', 'explain is not supported by the embedded server');
  if (!isPlainObject(command.cursor)) {
    throw new CommandError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const pipeline = command.pipeline as Document[];
  const collection = ctx.catalog.getCollection(ctx.db, target);
  const collation = documentOption(command, 'collation');
  const counted = countPipeline(pipeline);
  if (counted) {
    // countDocuments: counted over the matches themselves, nothing copied.
    const n = countMatches(collection, {
      filter: counted.filter,
      collation,
      skip: counted.skip,
      limit: counted.limit,
    });
    const docs = n > 0 ? [{ _id: counted.id, [counted.field]: n }] : [];
    const batchSize = optionalNumber(command.cursor as Document, 'batchSize');
    return { cursor: ctx.cursors.open(namespace(ctx, target), docs, batchSize), ok: 1 };
  }
  // The leading stages a find answers run as one (indexes, a sorted page); mingo then works on
  // copies (its stages may modify documents), of only what the next stage reads when known.
  const { find: leading, stages } = leadingFind(pipeline, collation);
  const read = fieldsReadByStage(stages[0]);
  const input = findMatches(collection, { ...leading, collation }).map((m) =>
    read ? copyFields(m.doc, read) : deepClone(m.doc),
  );
  const resolve = (name: string): Document[] =>
    [...(ctx.catalog.getCollection(ctx.db, name)?.records.values() ?? [])].map(deepClone);
  const docs = runPipeline(input, stages, resolve, collation, documentOption(command, 'let'));
  const batchSize = optionalNumber(command.cursor as Document, 'batchSize');
  return { cursor: ctx.cursors.open(namespace(ctx, target), docs, batchSize), ok: 1 };
};

/**
 * The leading stages of a pipeline a find gives the same result for: $match, then $sort (not
 * under a collation: the pipeline's $sort then goes to mingo), $skip and $limit, each optional
 * but in that order. Returns them as find options and the stages left.
 */
function leadingFind(
  pipeline: Document[],
  collation: Document | undefined,
): { find: LeadingFind; stages: Document[] } {
  const find: LeadingFind = {};
  let i = 0;
  const stage = (name: string): unknown =>
    isPlainObject(pipeline[i]) && Object.keys(pipeline[i]).length === 1
      ? pipeline[i][name]
      : undefined;
  const positive = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v > 0;
  const match = stage('$match');
  if (isPlainObject(match)) {
    find.filter = match;
    i++;
  }
  const sort = stage('$sort');
  if (!collation && isPlainObject(sort) && isPlainSort(sort)) {
    find.sort = sort;
    i++;
  }
  const skip = stage('$skip');
  if (positive(skip)) {
    find.skip = skip;
    i++;
  }
  const limit = stage('$limit');
  if (positive(limit)) {
    find.limit = limit;
    i++;
  }
  return { find, stages: pipeline.slice(i) };
}

type LeadingFind = { filter?: Document; sort?: Document; skip?: number; limit?: number };

/** A non-empty sort of fields by 1/-1 (no $natural, no $meta). */
function isPlainSort(sort: Document): boolean {
  const entries = Object.entries(sort);
  return (
    entries.length > 0 &&
    entries.every(([path, dir]) => !path.startsWith('$') && (dir === 1 || dir === -1))
  );
}

/** The top-level fields a $project or $group stage reads; undefined when not known. */
function fieldsReadByStage(stage: Document | undefined): ReadonlySet<string> | undefined {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) return undefined;
  if (isPlainObject(stage.$project)) return fieldsReadByProjection(stage.$project);
  if (isPlainObject(stage.$group)) return fieldsReadByGroup(stage.$group);
  return undefined;
}

/**
 * The driver's countDocuments: [{$match}, {$skip}?, {$limit}?, {$group: {_id: <constant>,
 * n: {$sum: 1}}}]. Undefined for any other pipeline.
 */
function countPipeline(
  pipeline: Document[],
): { filter?: Document; skip?: number; limit?: number; id: unknown; field: string } | undefined {
  let i = 0;
  let filter: Document | undefined;
  let skip: number | undefined;
  let limit: number | undefined;
  const stage = (name: string): unknown =>
    isPlainObject(pipeline[i]) && Object.keys(pipeline[i]).length === 1
      ? pipeline[i][name]
      : undefined;
  if (isPlainObject(stage('$match'))) filter = pipeline[i++].$match as Document;
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (positive(stage('$skip'))) skip = pipeline[i++].$skip as number;
  if (positive(stage('$limit'))) limit = pipeline[i++].$limit as number;
  const group = stage('$group');
  if (i !== pipeline.length - 1 || !isPlainObject(group)) return undefined;
  const keys = Object.keys(group);
  if (keys.length !== 2 || !keys.includes('_id')) return undefined;
  const id = group._id;
  const constant =
    id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$'));
  const field = keys.find((k) => k !== '_id')!;
  const sum = group[field];
  if (!constant || field.startsWith('$') || !isPlainObject(sum)) return undefined;
  if (Object.keys(sum).length !== 1 || sum.$sum !== 1) return undefined;
  return { filter, skip, limit, id, field };
}

// ---- writes ---------------------------------------------------------------------------

/** Runs each write in order; ordered writes stop at the first error, unordered ones go on. */
function runWrites<T>(
  items: T[],
  ordered: boolean,
  apply: (item: T, index: number) => void,
): Document[] {
  const writeErrors: Document[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      apply(items[i], i);
    } catch (error) {
      writeErrors.push(asCommandError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function writeReply(fields: Document, writeErrors: Document[]): Document {
  return writeErrors.length ? { ...fields, writeErrors, ok: 1 } : { ...fields, ok: 1 };
}

function arrayOption(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value)) throw new CommandError('FailedToParse', `'${field}' must be an array`);
  return value as Document[];
}

const insert: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'insert');
  const documents = arrayOption(command, 'documents');
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  let n = 0;
  const writeErrors = runWrites(documents, command.ordered !== false, (doc) => {
    if (!isPlainObject(doc))
      throw new CommandError('TypeMismatch', 'documents to insert must be objects');
    collection.insert(doc);
    n++;
  });
  return writeReply({ n }, writeErrors);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document before and after (first affected one), for findAndModify. */
  before?: Document;
  after?: Document;
}

/** One update statement, applied atomically per document (multi updates are not all-or-nothing). */
function updateDocuments(
  collection: Collection,
  filter: Document,
  update: UpdateSpec,
  options: {
    multi: boolean;
    upsert: boolean;
    arrayFilters?: Document[];
    sort?: Document;
    collation?: Document;
  },
): UpdateOutcome {
  const kind = classifyUpdate(update);
  if (options.multi && kind === 'replacement') {
    throw new CommandError(
      'FailedToParse',
      'multi update is not supported for replacement-style update',
    );
  }
  const matches = findMatches(collection, {
    filter,
    sort: options.sort,
    limit: options.multi ? undefined : 1,
    collation: options.collation,
  });
  if (matches.length === 0) {
    if (!options.upsert) return { matched: 0, modified: 0 };
    const inserted = collection.insert(buildUpsertDocument(filter, update, options.arrayFilters));
    return { matched: 0, modified: 0, upsertedId: inserted._id, after: inserted };
  }
  let modified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const match of matches) {
    const next = applyUpdate(match.doc, update, {
      filter,
      arrayFilters: options.arrayFilters,
      inserting: false,
    });
    if (!before) {
      before = match.doc;
      after = next;
    }
    if (documentsDiffer(match.doc, next)) {
      collection.replace(match.recordId, next);
      modified++;
    }
  }
  return { matched: matches.length, modified, before, after };
}

const update: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'update');
  const statements = arrayOption(command, 'updates');
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runWrites(statements, command.ordered !== false, (statement, index) => {
    if (!isPlainObject(statement.q))
      throw new CommandError('TypeMismatch', "'q' must be an object");
    const outcome = updateDocuments(collection, statement.q, statement.u as UpdateSpec, {
      multi: statement.multi === true,
      upsert: statement.upsert === true,
      arrayFilters: statement.arrayFilters as Document[] | undefined,
      sort: statement.sort as Document | undefined,
      collation: statement.collation as Document | undefined,
    });
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  const fields: Document = { n, nModified };
  if (upserted.length) fields.upserted = upserted;
  return writeReply(fields, writeErrors);
};

const deleteCommand: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(command, 'delete');
  const statements = arrayOption(command, 'deletes');
  const collection = ctx.catalog.getCollection(ctx.db, name);
  let n = 0;
  const writeErrors = runWrites(statements, command.ordered !== false, (statement) => {
    if (!isPlainObject(statement.q))
      throw new CommandError('TypeMismatch', "'q' must be an object");
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw new CommandError('FailedToParse', 'The limit field in delete objects must be 0 or 1');
    if (!collection) return;
    const matches = findMatches(collection, {
      filter: statement.q,
      limit: limit || undefined,
      collation: statement.collation as Document | undefined,
    });
    for (const match of matches) collection.delete(match.recordId);
    n += matches.length;
  });
  return writeReply({ n }, writeErrors);
};

const findAndModify: CommandHandler = (ctx) => {
  const { command } = ctx;
  const name = requireString(
    command,
    'findAndModify' in command ? 'findAndModify' : 'findandmodify',
  );
  const filter = documentOption(command, 'query') ?? {};
  const sort = documentOption(command, 'sort');
  const fields = documentOption(command, 'fields');
  const remove = command.remove === true;
  if (remove && command.update !== undefined)
    throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && command.update === undefined)
    throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && command.upsert === true)
    throw new CommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
  const shaped = (doc: Document | undefined): Document | null =>
    doc ? project([doc], fields, filter)[0] : null;

  if (remove) {
    const collection = ctx.catalog.getCollection(ctx.db, name);
    const [match] = findMatches(collection, {
      filter,
      sort,
      limit: 1,
      collation: documentOption(command, 'collation'),
    });
    if (!match || !collection) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    collection.delete(match.recordId);
    return { lastErrorObject: { n: 1 }, value: shaped(match.doc), ok: 1 };
  }
  const collection = ctx.catalog.ensureCollection(ctx.db, name);
  const outcome = updateDocuments(collection, filter, command.update as UpdateSpec, {
    multi: false,
    upsert: command.upsert === true,
    arrayFilters: command.arrayFilters as Document[] | undefined,
    sort,
    collation: documentOption(command, 'collation'),
  });
  const lastErrorObject: Document = {
    n: outcome.matched || (outcome.upsertedId !== undefined ? 1 : 0),
    updatedExisting: outcome.matched > 0,
  };
  if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId;
  const value = command.new === true ? shaped(outcome.after) : shaped(outcome.before);
  return { lastErrorObject, value, ok: 1 };
};

export const crudCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
};
