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
    const fast = Array.isArray(modifier) ? undefined : applySimpleOperators(doc, modifier);
    const working = [fast ?? deepClone(doc)];
    const usesPositional = hasPositional(modifier);
    if (!fast)
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

const SIMPLE_OPERATORS = new Set(['$set', '$inc', '$unset']);

/**
 * Copy-on-write application of the common updates — $set, $inc, $unset of plain top-level
 * fields, each field under one operator — with mingo's exact semantics (no write when $set
 * finds an equal value, $inc leaves non-numbers alone, values deep-copied) but without
 * deep-copying the whole document or building mingo's update context per document. Returns
 * undefined for anything else (mingo applies it, with its validation and error messages).
 */
function applySimpleOperators(doc: Document, modifier: Document): Document | undefined {
  const seen = new Set<string>();
  for (const [op, fields] of Object.entries(modifier)) {
    if (!SIMPLE_OPERATORS.has(op) || !isPlainObject(fields)) return undefined;
    for (const [field, value] of Object.entries(fields)) {
      if (!isSimpleField(field) || seen.has(field)) return undefined;
      if (op === '$inc' && !isNumber(value)) return undefined;
      if (op === '$set' && !isSimpleValue(value, 0)) return undefined;
      seen.add(field);
    }
  }
  const next: Document = { ...doc };
  for (const [op, fields] of Object.entries(modifier) as [string, Document][]) {
    for (const [field, value] of Object.entries(fields)) {
      const has = Object.prototype.hasOwnProperty.call(next, field);
      const current: unknown = has ? next[field] : undefined;
      if (op === '$set') {
        if (!mingoEqual(current, value)) next[field] = deepClone(value);
      } else if (op === '$inc') {
        if (isNumber(current) || current === undefined)
          next[field] = ((current as number) || 0) + (value as number);
      } else if (has) {
        delete next[field];
      }
    }
  }
  return next;
}

/** mingo's number test (NaN excluded). */
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/**
 * Values whose deep copy is the same with deepClone as with mingo's cloneDeep: strings,
 * numbers, booleans, null, Dates, and arrays and plain documents of those.
 */
function isSimpleValue(value: unknown, depth: number): boolean {
  if (depth > 32) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      if (value instanceof Date) return true;
      if (Array.isArray(value)) return value.every((v) => isSimpleValue(v, depth + 1));
      if (!isPlainObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value).every((v) => isSimpleValue(v, depth + 1));
    default:
      return false;
  }
}

/** mingo's isEqual (what its $set uses to skip a write), for a simple value `b`. */
function mingoEqual(a: unknown, b: unknown): boolean {
  if (a === b || Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== typeof b || typeof a !== 'object') return false;
  if ((a as object).constructor !== (b as object).constructor) return false;
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => mingoEqual(v, b[i]));
  const ka = Object.keys(a as Document);
  const kb = Object.keys(b as Document);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      mingoEqual((a as Document)[k], (b as Document)[k]),
  );
}

/** A field name with no path, positional or operator meaning (and not _id). */
function isSimpleField(field: string): boolean {
  return (
    field.length > 0 &&
    field !== '_id' &&
    field !== '__proto__' &&
    field !== 'constructor' &&
    field !== 'prototype' &&
    !field.includes('.') &&
    !field.startsWith('$')
  );
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
  if (a === b) return false;
  const verdict = compareStructure(a, b, 0);
  if (verdict !== UNKNOWN) return verdict === DIFFERENT;
  return Buffer.compare(serialize(a), serialize(b)) !== 0;
}

const SAME = 0;
const DIFFERENT = 1;
const UNKNOWN = 2;

/**
 * Compares without serialising where the answer is certain: the same JS strings, booleans
 * and numbers (Object.is: 0 and -0 encode differently), Dates, shared values, and documents
 * and arrays of those with the same keys in the same order. Anything else (bson classes,
 * null vs undefined, ...) is UNKNOWN and left to a byte comparison.
 */
function compareStructure(a: unknown, b: unknown, depth: number): number {
  if (a === b)
    return typeof a === 'number' && Object.is(a, -0) !== Object.is(b, -0) ? DIFFERENT : SAME;
  const ta = typeof a;
  if (ta !== typeof b || depth > 64) return UNKNOWN;
  if (ta === 'string' || ta === 'boolean') return DIFFERENT;
  if (ta === 'number') return Object.is(a, b) ? SAME : DIFFERENT;
  if (ta !== 'object' || a === null || b === null) return UNKNOWN;
  if (a instanceof Date && b instanceof Date) {
    return Object.is(a.getTime(), b.getTime()) ? SAME : DIFFERENT;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return DIFFERENT;
    let verdict = SAME;
    for (let i = 0; i < a.length; i++) {
      const c = compareStructure(a[i], b[i], depth + 1);
      if (c === DIFFERENT) return DIFFERENT;
      if (c === UNKNOWN) verdict = UNKNOWN;
    }
    return verdict;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return UNKNOWN;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let verdict = SAME;
  if (ka.length !== kb.length) verdict = UNKNOWN; // undefined values may be left out
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return UNKNOWN;
    const c = compareStructure(a[ka[i]], b[kb[i]], depth + 1);
    if (c === DIFFERENT) return DIFFERENT;
    if (c === UNKNOWN) verdict = UNKNOWN;
  }
  return verdict;
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
