import { ObjectId, serialize, type Document } from 'bson';
import { updateOne } from 'mingo';
import { CommandError } from './errors';
import { deepClone, isPlainObject, setPath, valuesEqual } from './bson-values';
import { equalityConstraints } from './collection';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$push',
  '$pull',
  '$pullAll',
  '$pop',
  '$addToSet',
  '$bit',
  '$setOnInsert',
]);

export type UpdateSpec = Document | Document[];

export interface UpdateContext {
  filter: Document;
  arrayFilters?: Document[];
  /** True when the update builds a new upserted document ($setOnInsert applies). */
  inserting: boolean;
}

/** Validates the shape of `u` before anything is touched. */
export function classifyUpdate(update: unknown): 'pipeline' | 'operators' | 'replacement' {
  if (Array.isArray(update)) return 'pipeline';
  if (!isPlainObject(update))
    throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length === 0) return 'replacement';
  if (operators.length !== keys.length) {
    const plain = keys.find((key) => !key.startsWith('$'));
    throw new CommandError(
      'FailedToParse',
      `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const op of operators) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw new CommandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
  }
  return 'operators';
}

/**
 * The new version of `doc` after `update` (the input is never mutated). Throws ImmutableField
 * when the update would change _id.
 */
export function applyUpdate(doc: Document, update: UpdateSpec, context: UpdateContext): Document {
  const kind = classifyUpdate(update);
  let next: Document;
  if (kind === 'replacement') {
    const replacement = update as Document;
    if ('_id' in replacement && doc._id !== undefined && !valuesEqual(replacement._id, doc._id)) {
      throw immutableId();
    }
    const id = doc._id !== undefined ? doc._id : replacement._id;
    next = id !== undefined ? { _id: id } : {};
    for (const [key, value] of Object.entries(replacement))
      if (key !== '_id') next[key] = deepClone(value);
  } else {
    const working = [deepClone(doc)];
    let modifier: Document | Document[] = update;
    if (kind === 'operators') {
      const { $setOnInsert, ...rest } = update as Document;
      modifier =
        context.inserting && $setOnInsert
          ? { ...rest, $set: { ...(rest.$set as Document), ...$setOnInsert } }
          : rest;
      modifier = guardImmutableId(modifier as Document, doc);
      if (Object.keys(modifier).length === 0) return doc;
    }
    const usesPositional = hasPositional(modifier);
    try {
      updateOne(
        working,
        usesPositional && !context.inserting ? context.filter : {},
        modifier as never,
        {
          arrayFilters: context.arrayFilters,
          cloneMode: 'deep',
        },
      );
    } catch (error) {
      const message = (error as Error).message;
      if (/would create a conflict/i.test(message)) {
        throw new CommandError('ConflictingUpdateOperators', message.replace(/^u/, 'U'));
      }
      throw new CommandError('BadValue', message);
    }
    next = working[0];
    if (doc._id !== undefined && !valuesEqual(next._id, doc._id)) throw immutableId();
    if (next._id !== undefined && Object.keys(next)[0] !== '_id') {
      const { _id, ...rest } = next;
      next = { _id, ...rest };
    }
  }
  return next;
}

/** Setting _id to its current value is a no-op in mongod; any other change is refused. */
function guardImmutableId(modifier: Document, doc: Document): Document {
  const guarded: Document = {};
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) {
      guarded[op] = fields;
      continue;
    }
    const kept: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      const touchesId =
        path === '_id' || path.startsWith('_id.') || (op === '$rename' && value === '_id');
      if (!touchesId || doc._id === undefined) {
        kept[path] = value;
      } else if (!(op === '$set' && path === '_id' && valuesEqual(value, doc._id))) {
        throw immutableId();
      }
    }
    if (Object.keys(kept).length) guarded[op] = kept;
  }
  return guarded;
}

function hasPositional(modifier: Document | Document[]): boolean {
  if (Array.isArray(modifier)) return false;
  return Object.values(modifier).some(
    (fields) =>
      isPlainObject(fields) && Object.keys(fields).some((path) => /(^|\.)\$(\.|$)/.test(path)),
  );
}

function immutableId(): CommandError {
  return new CommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/** Whether two versions of a document differ in any byte (types and field order included). */
export function documentsDiffer(a: Document, b: Document): boolean {
  return a !== b && Buffer.compare(serialize(a), serialize(b)) !== 0;
}

/** The document an upsert inserts: the filter's equality fields, then the update applied. */
export function buildUpsertDocument(
  filter: Document,
  update: UpdateSpec,
  arrayFilters?: Document[],
): Document {
  const seed: Document = {};
  const kind = classifyUpdate(update);
  const constraints = equalityConstraints(filter);
  for (const [path, values] of constraints) {
    if (values.length !== 1) continue; // $in with several values seeds nothing
    if (kind === 'replacement' && path !== '_id') continue; // a replacement replaces everything but _id
    setPath(seed, path, deepClone(values[0]));
  }
  const inserted = applyUpdate(seed, update, { filter, arrayFilters, inserting: true });
  if (inserted._id === undefined) return { _id: new ObjectId(), ...inserted };
  return inserted;
}
