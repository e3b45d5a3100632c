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

  constructor(
    readonly spec: IndexSpec,
    private readonly namespace: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true || spec.name === '_id_';
    this.sparse = spec.sparse === true;
    if (spec.partialFilterExpression)
      this.partialFilter = new Query(spec.partialFilterExpression as Document);
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
      const hash =
        values.length === 1 ? indexKeyOf(values[0]) : JSON.stringify(values.map(indexKeyOf));
      if (!seen.has(hash)) {
        seen.add(hash);
        keys.push({ hash, values });
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
      let holders = this.entries.get(key.hash);
      if (!holders) this.entries.set(key.hash, (holders = new Set()));
      holders.add(rid);
    }
  }

  remove(rid: number, doc: Document): void {
    for (const key of this.keysOf(doc)) {
      const holders = this.entries.get(key.hash);
      if (!holders) continue;
      holders.delete(rid);
      if (holders.size === 0) this.entries.delete(key.hash);
    }
  }

  /**
   * Record ids that may match the given field values (one per index field), or undefined if the
   * index cannot answer (sparse/partial indexes do not hold every document).
   */
  lookup(values: unknown[]): Set<number> | undefined {
    if (this.sparse || this.partialFilter) return undefined;
    const hash =
      values.length === 1 ? indexKeyOf(values[0]) : JSON.stringify(values.map(indexKeyOf));
    return this.entries.get(hash) ?? new Set();
  }
}

/** mongod's default index name: {a: 1, 'b.c': -1} → "a_1_b.c_-1". */
export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}
