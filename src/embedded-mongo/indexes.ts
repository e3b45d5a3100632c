import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from './errors';
import { formatKeyValue, indexKeyOf, valuesAtPath, EMPTY_ARRAY } from './bson-values';

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
 * A hash index: key string → record ids. Serves uniqueness checks and equality lookups;
 * ordering queries fall back to a scan (documents are in memory anyway).
 */
export class HashIndex {
  readonly fields: string[];
  readonly unique: boolean;
  private readonly sparse: boolean;
  private readonly partialFilter?: Query;
  private readonly entries = new Map<string, Set<number>>();
  /** Compound indexes: for each proper prefix length k (at k - 1), prefix hash → record ids. */
  private readonly prefixEntries: Map<string, Set<number>>[] = [];

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true || spec.name === '_id_';
    this.sparse = spec.sparse === true;
    if (spec.partialFilterExpression)
      this.partialFilter = new Query(spec.partialFilterExpression as Document);
    for (let k = 1; k < this.fields.length; k++) this.prefixEntries.push(new Map());
  }

  get name(): string {
    return this.spec.name;
  }

  /** Keys this document contributes; empty when sparse/partial excludes it. */
  keysOf(doc: Document): IndexEntryKey[] {
    if (this.partialFilter && !this.partialFilter.test(doc)) return [];
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
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
    for (const key of this.keysOf(doc)) {
      addHolder(this.entries, key.hash, rid);
      for (let k = 1; k < key.parts.length; k++)
        addHolder(this.prefixEntries[k - 1], hashOfParts(key.parts.slice(0, k)), rid);
    }
  }

  remove(rid: number, doc: Document): void {
    for (const key of this.keysOf(doc)) {
      removeHolder(this.entries, key.hash, rid);
      for (let k = 1; k < key.parts.length; k++)
        removeHolder(this.prefixEntries[k - 1], hashOfParts(key.parts.slice(0, k)), rid);
    }
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
