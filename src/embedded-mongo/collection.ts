import { ObjectId, type Document } from 'bson';
import { CommandError } from './errors';
import { defaultIndexName, HashIndex, type IndexSpec } from './indexes';
import { isPlainObject, valuesAtPath } from './bson-values';

/** Where a collection reports its logical changes (the journal, or nothing when in memory). */
export interface ChangeSink {
  record(entry: Document): void;
}

/** Equality constraints a filter puts on top-level paths, usable for index lookups. */
type EqualityConstraints = Map<string, unknown[]>;

/**
 * The documents of one collection, in natural (insertion) order, with their indexes.
 * Every method applies its change completely and synchronously, so a command is atomic
 * with respect to every other command (node runs one callback at a time).
 */
export class Collection {
  /** record id → current version of the document (never mutated in place). */
  readonly records = new Map<number, Document>();
  readonly indexes = new Map<string, HashIndex>();
  private nextRecordId = 1;

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Document,
    private readonly sink: ChangeSink,
  ) {
    this.indexes.set(
      '_id_',
      new HashIndex({ v: 2, key: { _id: 1 }, name: '_id_' }, this.namespace),
    );
  }

  get namespace(): string {
    return `${this.dbName}.${this.name}`;
  }

  get idIndex(): HashIndex {
    return this.indexes.get('_id_')!;
  }

  /** Inserts one document (adding an ObjectId _id first if absent); returns the stored document. */
  insert(input: Document): Document {
    const doc = withId(input);
    for (const index of this.indexes.values()) index.checkUnique(doc);
    this.store(doc);
    this.sink.record({ op: 'put', db: this.dbName, coll: this.name, doc });
    return doc;
  }

  /** Replaces the record's document with a new version (uniqueness checked first). */
  replace(recordId: number, doc: Document): void {
    const previous = this.records.get(recordId);
    if (!previous) throw new CommandError('InternalError', 'record vanished during update');
    for (const index of this.indexes.values()) index.checkUnique(doc, recordId);
    for (const index of this.indexes.values()) index.remove(recordId, previous);
    for (const index of this.indexes.values()) index.add(recordId, doc);
    this.records.set(recordId, doc);
    this.sink.record({ op: 'put', db: this.dbName, coll: this.name, doc });
  }

  delete(recordId: number): void {
    const doc = this.records.get(recordId);
    if (!doc) return;
    for (const index of this.indexes.values()) index.remove(recordId, doc);
    this.records.delete(recordId);
    this.sink.record({ op: 'delete', db: this.dbName, coll: this.name, id: doc._id });
  }

  /** Journal replay: insert-or-replace by _id, without journaling again. */
  replayPut(doc: Document): void {
    const existing = this.recordIdOf(doc._id);
    if (existing === undefined) {
      this.store(doc);
      return;
    }
    const previous = this.records.get(existing)!;
    for (const index of this.indexes.values()) index.remove(existing, previous);
    for (const index of this.indexes.values()) index.add(existing, doc);
    this.records.set(existing, doc);
  }

  replayDelete(id: unknown): void {
    const recordId = this.recordIdOf(id);
    if (recordId === undefined) return;
    const doc = this.records.get(recordId)!;
    for (const index of this.indexes.values()) index.remove(recordId, doc);
    this.records.delete(recordId);
  }

  recordIdOf(id: unknown): number | undefined {
    const found = this.idIndex.lookup([id]);
    return found && found.size ? found.values().next().value : undefined;
  }

  private store(doc: Document): void {
    const recordId = this.nextRecordId++;
    for (const index of this.indexes.values()) index.add(recordId, doc);
    this.records.set(recordId, doc);
  }

  /**
   * Creates an index; returns false if an identical one exists. Building a unique index over
   * existing duplicates fails with E11000 like mongod.
   */
  createIndex(input: Document, journal = true): boolean {
    const spec = normalizeIndexSpec(input);
    for (const existing of this.indexes.values()) {
      const sameKey = JSON.stringify(existing.spec.key) === JSON.stringify(spec.key);
      if (existing.name === spec.name || sameKey) {
        if (sameKey && existing.name === spec.name && sameOptions(existing.spec, spec))
          return false;
        if (sameKey && existing.name !== spec.name && sameOptions(existing.spec, spec)) {
          throw new CommandError(
            'IndexOptionsConflict',
            `Index already exists with a different name: ${existing.name}`,
          );
        }
        throw new CommandError(
          existing.name === spec.name ? 'IndexKeySpecsConflict' : 'IndexOptionsConflict',
          `An existing index has the same name as the requested index but different options. ` +
            `Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
    }
    const index = new HashIndex(spec, this.namespace);
    for (const [recordId, doc] of this.records) {
      index.checkUnique(doc);
      index.add(recordId, doc);
    }
    this.indexes.set(spec.name, index);
    if (journal) this.sink.record({ op: 'createIndex', db: this.dbName, coll: this.name, spec });
    return true;
  }

  dropIndex(name: string, journal = true): void {
    if (name === '_id_') throw new CommandError('InvalidOptions', 'cannot drop _id index');
    if (!this.indexes.delete(name)) {
      throw new CommandError('IndexNotFound', `index not found with name [${name}]`);
    }
    if (journal) this.sink.record({ op: 'dropIndex', db: this.dbName, coll: this.name, name });
  }

  /**
   * TTL: deletes documents whose indexed date is older than expireAfterSeconds (as mongod's
   * TTL monitor does, on a timer). Returns the number deleted.
   */
  expireDocuments(now: Date): number {
    let deleted = 0;
    for (const index of this.indexes.values()) {
      const seconds = index.spec.expireAfterSeconds;
      if (typeof seconds !== 'number' || index.fields.length !== 1) continue;
      const cutoff = now.getTime() - seconds * 1000;
      for (const [recordId, doc] of [...this.records]) {
        const values = valuesAtPath(doc, index.fields[0]);
        // An array expires on its earliest date; non-dates never expire.
        const dates = values.filter((v): v is Date => v instanceof Date).map((d) => d.getTime());
        if (dates.length && Math.min(...dates) <= cutoff) {
          this.delete(recordId);
          deleted++;
        }
      }
    }
    return deleted;
  }

  findIndexByKey(key: Document): HashIndex | undefined {
    const wanted = JSON.stringify(key);
    for (const index of this.indexes.values())
      if (JSON.stringify(index.spec.key) === wanted) return index;
    return undefined;
  }

  /**
   * Record ids an index says may match `filter` (in natural order), or undefined when no index
   * applies and the caller must scan. Uses the index whose leading fields (a full key or a
   * prefix of a compound one) have equality/$in conditions and which yields the fewest ids.
   * `exact` lists the top-level paths whose condition the lookup answers exactly (every
   * candidate satisfies it and no other document does), so it need not be re-checked.
   */
  candidateRecordIds(filter: Document): CandidatePlan | undefined {
    const constraints = equalityConstraints(filter);
    if (constraints.size === 0) return undefined;
    let best: { ids: ReadonlySet<number>; fields: string[]; index: HashIndex } | undefined;
    for (const index of this.indexes.values()) {
      if (!index.complete) continue;
      const fields: string[] = [];
      for (const field of index.fields) {
        if (!constraints.has(field)) break;
        fields.push(field);
      }
      if (fields.length === 0) continue;
      const found = lookupAll(
        index,
        fields.map((field) => constraints.get(field)!),
      );
      if (!found) continue;
      if (
        !best ||
        found.size < best.ids.size ||
        (found.size === best.ids.size && fields.length > best.fields.length)
      )
        best = { ids: found, fields, index };
      if (best.ids.size === 0) break;
    }
    if (!best) return undefined;
    const { ids: found, index } = best;
    // A field constrained again inside $and may hold other values than its top-level condition.
    const exact =
      '$and' in filter
        ? []
        : best.fields.filter((field, i) =>
            answersExactly(field, filter[field], index.holdsOnlyPlainValues(i)),
          );
    return {
      size: found.size,
      exact,
      ids: () => {
        // Keep natural order for the results (index sets are mostly in it already).
        const ids = Float64Array.from(found);
        if (!isAscending(ids)) ids.sort();
        return ids;
      },
    };
  }
}

/** Candidates from an index lookup; see Collection.candidateRecordIds. */
export interface CandidatePlan {
  /** How many records the lookup found (ids() not needed to count them). */
  size: number;
  exact: string[];
  /** The record ids in natural order (read before the collection changes). */
  ids(): ArrayLike<number>;
}

function isAscending(ids: Float64Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i] < ids[i - 1]) return false;
  return true;
}

function lookupAll(index: HashIndex, alternatives: unknown[][]): ReadonlySet<number> | undefined {
  if (alternatives.every((values) => values.length === 1)) {
    // One key: the index's own set, read only (no copy).
    return index.lookup(alternatives.map((values) => values[0]));
  }
  let combos: unknown[][] = [[]];
  for (const values of alternatives) {
    const next: unknown[][] = [];
    for (const combo of combos) for (const value of values) next.push([...combo, value]);
    combos = next;
    if (combos.length > 1000) return undefined;
  }
  const result = new Set<number>();
  for (const combo of combos) {
    const found = index.lookup(combo);
    if (!found) return undefined;
    for (const recordId of found) result.add(recordId);
  }
  return result;
}

/**
 * Whether an index lookup on `path` answers the top-level `condition` exactly, as the query
 * matcher would: a plain field name (no dots, so no traversal of embedded arrays) compared by
 * equality/$in with strings, booleans, ObjectIds or Dates. For those types the index key
 * (which also holds each element of an array value) coincides with the matcher's equality.
 * Numbers too when the field holds only plain scalars (`plainField`): a Long or Decimal128
 * shares its index key with the equal number, but the matcher may tell them apart. Null
 * (missing) and documents (field order) are re-checked.
 */
export function answersExactly(path: string, condition: unknown, plainField: boolean): boolean {
  if (path.includes('.') || path.startsWith('$')) return false;
  const exact = (value: unknown): boolean =>
    isExactValue(value) || (plainField && isExactNumber(value));
  if (exact(condition)) return true;
  if (!isPlainObject(condition)) return false;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return false;
  if (ops[0] === '$eq') return exact(condition.$eq);
  return ops[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(exact);
}

function isExactNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0);
}

function isExactValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'object':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return (value as { _bsontype?: string } | null)?._bsontype === 'ObjectId';
    default:
      return false;
  }
}

/** A value an index can look up by hash: not an operator document, regex or array. */
function isIndexableEquality(value: unknown): boolean {
  if (value instanceof RegExp || Array.isArray(value)) return false;
  if (isPlainObject(value)) return !Object.keys(value).some((key) => key.startsWith('$'));
  return (value as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp';
}

/** path → acceptable values, from {path: v}, {path: {$eq: v}}, {path: {$in: [...]}} and $and. */
export function equalityConstraints(
  filter: Document,
  into: EqualityConstraints = new Map(),
): EqualityConstraints {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) equalityConstraints(clause, into);
      continue;
    }
    if (path.startsWith('$')) continue;
    if (isIndexableEquality(condition)) {
      into.set(path, [condition]);
      continue;
    }
    if (!isPlainObject(condition)) continue;
    const ops = Object.keys(condition);
    if (ops.length === 1 && ops[0] === '$eq' && isIndexableEquality(condition.$eq)) {
      into.set(path, [condition.$eq]);
    } else if (
      ops.length === 1 &&
      ops[0] === '$in' &&
      Array.isArray(condition.$in) &&
      condition.$in.every(isIndexableEquality)
    ) {
      into.set(path, condition.$in as unknown[]);
    }
  }
  return into;
}

function withId(input: Document): Document {
  if (input._id === undefined) return { _id: new ObjectId(), ...input };
  if (Array.isArray(input._id)) throw new CommandError('BadValue', "can't use an array for _id");
  if (input._id instanceof RegExp) throw new CommandError('BadValue', "can't use a regex for _id");
  if (Object.keys(input)[0] === '_id') return input;
  const { _id, ...rest } = input;
  return { _id, ...rest };
}

const INDEX_OPTION_KEYS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
];

function sameOptions(a: Document, b: Document): boolean {
  return INDEX_OPTION_KEYS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function normalizeIndexSpec(input: Document): IndexSpec {
  const key = input.key as Document | undefined;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError('FailedToParse', 'index key pattern must be a non-empty object');
  }
  for (const direction of Object.values(key)) {
    if (typeof direction === 'string' && direction !== 'hashed') {
      // text/geo indexes need query support this server does not have: refuse, never pretend.
      throw new CommandError(
        'CannotCreateIndex',
        `index type '${direction}' is not supported by the embedded server`,
      );
    }
    if (typeof direction !== 'string' && direction !== 1 && direction !== -1) {
      throw new CommandError(
        'CannotCreateIndex',
        `Values in the index key pattern can't be ${String(direction)}`,
      );
    }
  }
  const name = typeof input.name === 'string' ? input.name : defaultIndexName(key);
  const { v: _v, key: _k, name: _n, ns: _ns, ...options } = input;
  // mongod drops unique:false / sparse:false from the stored spec.
  if (options.unique === false) delete options.unique;
  if (options.sparse === false) delete options.sparse;
  if (options.background !== undefined) delete options.background;
  return { v: 2, key, name, ...options };
}
