import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from './errors';
import {
  formatKeyValue,
  indexKeyOf,
  isPlainObject,
  valuesAtPath,
  EMPTY_ARRAY,
} from './bson-values';
import { KeyOrder, type OrderedEntry } from './key-order';

/** An index definition as listIndexes reports it: {v, key, name, unique?, sparse?, ...}. */
export type IndexSpec = Document & { v: number; key: Document; name: string };

/** One reachable key of a document: its hash string and the field values behind it. */
interface IndexEntryKey {
  hash: string;
  values: unknown[];
  /** indexKeyOf of each value (prefix hashes are built from these). */
  parts: string[];
}

/** The hash of a (full or prefix) key from its parts' indexKeyOf strings. */
function hashOfParts(parts: string[]): string {
  return parts.length === 1 ? parts[0] : JSON.stringify(parts);
}

/**
 * An index: key string → record ids for uniqueness checks and equality lookups, and (for
 * ascending/descending keys) the keys in BSON order, which serves sorted pages.
 */
export class HashIndex {
  readonly fields: string[];
  /** The fields split at their dots. */
  private readonly paths: string[][];
  readonly unique: boolean;
  private readonly sparse: boolean;
  private readonly partialFilter?: Query;
  private readonly entries = new Map<string, Set<number>>();
  /** Compound indexes: for each proper prefix length k (at k - 1), prefix hash → record ids. */
  private readonly prefixEntries: Map<string, Set<number>>[] = [];
  /** Key directions; undefined for a hashed index (mongod cannot sort with one either). */
  readonly directions?: readonly (1 | -1)[];
  /**
   * The keys in order, built when a sort first asks (most indexes never serve one, and
   * inserts and start-up then pay nothing for it), kept up to date from then on.
   */
  private order?: KeyOrder;
  /** Records with an array on an indexed path (a multikey index cannot serve a sort). */
  private multikeyRecords = 0;
  /** Per field: records holding a value other than a plain scalar there (see isPlainScalar). */
  private readonly unplainRecords: number[];
  /** Set if a key was ever not found where the order says (never expected): no sorts then. */
  private orderLost = false;

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((field) => field.split('.'));
    this.unique = spec.unique === true || spec.name === '_id_';
    this.sparse = spec.sparse === true;
    if (spec.partialFilterExpression)
      this.partialFilter = new Query(spec.partialFilterExpression as Document);
    for (let k = 1; k < this.fields.length; k++) this.prefixEntries.push(new Map());
    this.unplainRecords = this.fields.map(() => 0);
    const directions = Object.values(spec.key);
    if (directions.every((d) => d === 1 || d === -1)) this.directions = directions;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Keys this document contributes; empty when sparse/partial excludes it. */
  keysOf(doc: Document): IndexEntryKey[] {
    const perField = this.valuesOf(doc);
    return perField ? this.keysFrom(perField) : [];
  }

  /** The values reached by each field, or undefined when sparse/partial excludes the document. */
  private valuesOf(doc: Document): unknown[][] | undefined {
    if (this.partialFilter && !this.partialFilter.test(doc)) return undefined;
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined)))
      return undefined;
    return perField;
  }

  private keysFrom(perField: unknown[][]): IndexEntryKey[] {
    // Cartesian product over fields (mongod forbids two parallel arrays; we just expand).
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const combo of combos) for (const value of values) next.push([...combo, value]);
      combos = next;
    }
    const seen = new Set<string>();
    const keys: IndexEntryKey[] = [];
    for (const values of combos) {
      const parts = values.map(indexKeyOf);
      const hash = hashOfParts(parts);
      if (!seen.has(hash)) {
        seen.add(hash);
        keys.push({ hash, values, parts });
      }
    }
    return keys;
  }

  /** Throws E11000 if a unique key of `doc` is held by a record other than `self`. */
  checkUnique(doc: Document, self?: number): void {
    if (!this.unique) return;
    for (const key of this.keysOf(doc)) {
      const holders = this.entries.get(key.hash);
      if (!holders) continue;
      for (const rid of holders) if (rid !== self) throw this.duplicateKeyError(key.values);
    }
  }

  duplicateKeyError(values: unknown[]): CommandError {
    const keyValue: Document = {};
    this.fields.forEach((field, i) => {
      const value = values[i];
      keyValue[field] = value === EMPTY_ARRAY ? undefined : value === undefined ? null : value;
    });
    const keyPattern = { ...this.spec.key };
    return new CommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.namespace} index: ${this.name} dup key: ${formatKeyValue(keyValue)}`,
      { keyPattern, keyValue },
    );
  }

  add(rid: number, doc: Document): void {
    const perField = this.valuesOf(doc);
    if (!perField) return;
    this.countFlags(doc, perField, 1);
    for (const key of this.keysFrom(perField)) {
      addHolder(this.entries, key.hash, rid);
      for (let k = 1; k < key.parts.length; k++)
        addHolder(this.prefixEntries[k - 1], hashOfParts(key.parts.slice(0, k)), rid);
      this.order?.insert({ key: key.values, rid });
    }
  }

  /** `doc` must be the very version add() was given (stored documents are never mutated). */
  remove(rid: number, doc: Document): void {
    const perField = this.valuesOf(doc);
    if (!perField) return;
    this.countFlags(doc, perField, -1);
    for (const key of this.keysFrom(perField)) {
      removeHolder(this.entries, key.hash, rid);
      for (let k = 1; k < key.parts.length; k++)
        removeHolder(this.prefixEntries[k - 1], hashOfParts(key.parts.slice(0, k)), rid);
      if (this.order && !this.order.delete(key.values, rid)) this.orderLost = true;
    }
  }

  /** Keeps the counters behind servesOrder/holdsOnlyPlainValues (`sign` +1 on add, -1 on remove). */
  private countFlags(doc: Document, perField: unknown[][], sign: 1 | -1): void {
    if (this.paths.some((path) => pathHoldsArray(doc, path))) this.multikeyRecords += sign;
    perField.forEach((values, i) => {
      if (!values.every(isPlainScalar)) this.unplainRecords[i] += sign;
    });
  }

  /**
   * Record ids holding the given values on the index's first `values.length` fields (a full key
   * or a prefix of a compound one), or undefined if the index cannot answer (sparse/partial
   * indexes do not hold every document). The set is the index's own: do not modify it.
   */
  lookup(values: unknown[]): ReadonlySet<number> | undefined {
    if (this.sparse || this.partialFilter) return undefined;
    if (values.length === 0 || values.length > this.fields.length) return undefined;
    const hash = hashOfParts(values.map(indexKeyOf));
    const map =
      values.length === this.fields.length ? this.entries : this.prefixEntries[values.length - 1];
    return map.get(hash) ?? EMPTY_SET;
  }

  /** Whether lookup() can answer (sparse/partial indexes do not hold every document). */
  get complete(): boolean {
    return !this.sparse && !this.partialFilter;
  }

  /**
   * Whether the index's order can serve a sort exactly as sorting the documents would: every
   * document has exactly one key (complete, no arrays on the indexed paths).
   */
  get servesOrder(): boolean {
    return (
      this.directions !== undefined &&
      this.complete &&
      this.multikeyRecords === 0 &&
      !this.orderLost
    );
  }

  /** The keys in order (built from `records`, the indexed collection's, on first use). */
  orderedKeys(records: ReadonlyMap<number, Document>): KeyOrder {
    if (!this.order) {
      const entries: OrderedEntry[] = [];
      for (const [rid, doc] of records) {
        const perField = this.valuesOf(doc);
        if (!perField) continue;
        // One value per field unless multikey (then keys as add() makes them).
        if (perField.every((values) => values.length === 1))
          entries.push({ key: perField.map((values) => values[0]), rid });
        else for (const key of this.keysFrom(perField)) entries.push({ key: key.values, rid });
      }
      this.order = KeyOrder.build(this.directions ?? [], entries);
    }
    return this.order;
  }

  /**
   * Whether every value at field `i` (array elements included) is a plain scalar: then an
   * equality on a plain scalar value holds for a document exactly when its key equals it.
   */
  holdsOnlyPlainValues(i: number): boolean {
    return this.unplainRecords[i] === 0;
  }
}

/**
 * Values equal under the BSON comparison (and the index key) exactly when the query matcher
 * finds them equal: strings, booleans, numbers other than -0, valid Dates, ObjectIds, null,
 * missing and the empty-array key. Not: number wrappers (Long, Decimal128: 1 vs Long(1)),
 * documents, nested arrays, binary, regexes and the rest.
 */
function isPlainScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return !Object.is(value, -0);
    case 'symbol':
      return value === EMPTY_ARRAY;
    case 'object':
      if (value === null) return true;
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return (value as { _bsontype?: string })._bsontype === 'ObjectId';
    default:
      return false;
  }
}

/** Whether a dotted path meets an array anywhere (what makes mongod's index multikey). */
function pathHoldsArray(doc: Document, path: string[]): boolean {
  let value: unknown = doc;
  for (const part of path) {
    if (Array.isArray(value)) return true;
    if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, part)) return false;
    value = value[part];
  }
  return Array.isArray(value);
}

const EMPTY_SET: ReadonlySet<number> = new Set<number>();

function addHolder(map: Map<string, Set<number>>, hash: string, rid: number): void {
  let holders = map.get(hash);
  if (!holders) map.set(hash, (holders = new Set()));
  holders.add(rid);
}

function removeHolder(map: Map<string, Set<number>>, hash: string, rid: number): void {
  const holders = map.get(hash);
  if (!holders) return;
  holders.delete(rid);
  if (holders.size === 0) map.delete(hash);
}

/** mongod's default index name: {a: 1, 'b.c': -1} → "a_1_b.c_-1". */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}
