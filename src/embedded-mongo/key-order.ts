import { compareValues } from './bson-values';

/** One key of an index in order: the values (one per index field) and the record holding them. */
export interface OrderedEntry {
  readonly key: readonly unknown[];
  readonly rid: number;
}

/** Chunks split beyond twice this size; a splice moves at most that many entries. */
const CHUNK = 256;

/**
 * The entries of an index sorted by key in BSON order, each field in its index direction, ties
 * by record id: a list of sorted chunks (a flat B-tree), so an insert or delete moves a few
 * hundred entries, not the whole index, and a position is found by binary search.
 */
export class KeyOrder {
  private chunks: OrderedEntry[][] = [];
  /** Position of each chunk's first entry; rebuilt on first use after a change. */
  private starts: number[] = [];
  private startsValid = true;
  private count = 0;

  constructor(readonly directions: readonly (1 | -1)[]) {}

  /** An order holding `entries` (sorted here, once: faster than inserting one by one). */
  static build(directions: readonly (1 | -1)[], entries: OrderedEntry[]): KeyOrder {
    const order = new KeyOrder(directions);
    entries.sort((x, y) => order.compareEntries(x, y));
    for (let i = 0; i < entries.length; i += CHUNK) order.chunks.push(entries.slice(i, i + CHUNK));
    order.count = entries.length;
    order.startsValid = false;
    return order;
  }

  get size(): number {
    return this.count;
  }

  /** Compares the first `n` key values in index order (0 when equal on those fields). */
  compareKeys(a: readonly unknown[], b: readonly unknown[], n = this.directions.length): number {
    for (let i = 0; i < n; i++) {
      const c = compareValues(a[i], b[i]);
      if (c) return c * this.directions[i];
    }
    return 0;
  }

  private compareEntries(a: OrderedEntry, b: OrderedEntry): number {
    return this.compareKeys(a.key, b.key) || a.rid - b.rid;
  }

  insert(entry: OrderedEntry): void {
    this.count++;
    this.startsValid = false;
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      return;
    }
    const last = this.chunks[this.chunks.length - 1];
    if (this.compareEntries(last[last.length - 1], entry) < 0) {
      // After every entry (ascending keys: ObjectIds, dates of creation).
      last.push(entry);
      if (last.length > 2 * CHUNK) this.chunks.push(last.splice(CHUNK));
      return;
    }
    // The first chunk whose last entry is not before the new one.
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (this.compareEntries(chunk[chunk.length - 1], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    const chunk = this.chunks[lo];
    chunk.splice(this.lowerBound(chunk, entry), 0, entry);
    if (chunk.length > 2 * CHUNK) this.chunks.splice(lo + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes the entry of `rid` under `key`; false if there is none. */
  delete(key: readonly unknown[], rid: number): boolean {
    const probe = { key, rid };
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (this.compareEntries(chunk[chunk.length - 1], probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    const chunk = this.chunks[lo];
    if (!chunk) return false;
    const i = this.lowerBound(chunk, probe);
    if (i >= chunk.length || chunk[i].rid !== rid || this.compareEntries(chunk[i], probe) !== 0)
      return false;
    this.removeAt(lo, i);
    return true;
  }

  private removeAt(c: number, i: number): void {
    const chunk = this.chunks[c];
    chunk.splice(i, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
    this.count--;
    this.startsValid = false;
  }

  private lowerBound(chunk: OrderedEntry[], entry: OrderedEntry): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareEntries(chunk[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Positions [from, to) of the entries whose first `prefix.length` values equal `prefix`
   * (all entries for an empty prefix).
   */
  range(prefix: readonly unknown[]): { from: number; to: number } {
    if (prefix.length === 0) return { from: 0, to: this.count };
    return { from: this.boundary(prefix, false), to: this.boundary(prefix, true) };
  }

  /** First position whose key is not before `prefix` (after: not before-or-equal). */
  private boundary(prefix: readonly unknown[], after: boolean): number {
    const n = prefix.length;
    const before = (entry: OrderedEntry): boolean => {
      const c = this.compareKeys(entry.key, prefix, n);
      return after ? c <= 0 : c < 0;
    };
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (before(chunk[chunk.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.chunks.length) return this.count;
    const chunk = this.chunks[lo];
    let i = 0;
    let j = chunk.length;
    while (i < j) {
      const mid = (i + j) >>> 1;
      if (before(chunk[mid])) i = mid + 1;
      else j = mid;
    }
    return this.chunkStarts()[lo] + i;
  }

  private chunkStarts(): number[] {
    if (!this.startsValid) {
      this.starts = new Array<number>(this.chunks.length);
      let position = 0;
      for (let c = 0; c < this.chunks.length; c++) {
        this.starts[c] = position;
        position += this.chunks[c].length;
      }
      this.startsValid = true;
    }
    return this.starts;
  }

  /** The entry at a position (0 ≤ position < size). */
  at(position: number): OrderedEntry {
    const [c, i] = this.locate(position);
    return this.chunks[c][i];
  }

  /** Chunk and offset of a position. */
  private locate(position: number): [number, number] {
    const starts = this.chunkStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return [lo, position - starts[lo]];
  }

  /**
   * The entries at positions [from, to), ascending, or descending from `to - 1` when `reverse`.
   * The order must not change while the walk runs.
   */
  *entries(from: number, to: number, reverse: boolean): Generator<OrderedEntry> {
    if (from >= to) return;
    let [c, i] = this.locate(reverse ? to - 1 : from);
    let left = to - from;
    while (left > 0) {
      const chunk = this.chunks[c];
      if (reverse) {
        for (; i >= 0 && left > 0; i--, left--) yield chunk[i];
        c--;
        if (c >= 0) i = this.chunks[c].length - 1;
      } else {
        for (; i < chunk.length && left > 0; i++, left--) yield chunk[i];
        c++;
        i = 0;
      }
    }
  }
}
