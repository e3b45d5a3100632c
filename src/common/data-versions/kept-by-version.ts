/**
 * Values a page reads often and that change only when a collection is written: kept per key
 * at the version they were read at (a data-version fingerprint), the least recently read
 * dropped past `bound`. A promise is kept, so readers meanwhile share one read; a failed read
 * is not kept.
 */
export class KeptByVersion<T> {
  private readonly kept = new Map<string, { version: string; value: Promise<T> }>();

  constructor(private readonly bound: number) {}

  get(key: string, version: string, read: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(key);
    this.kept.delete(key); // most recently read last: the bound drops from the front
    if (hit?.version === version) {
      this.kept.set(key, hit);
      return hit.value;
    }
    const value = read();
    const entry = { version, value };
    this.kept.set(key, entry);
    if (this.kept.size > this.bound) this.kept.delete(this.kept.keys().next().value!);
    value.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    return value;
  }
}
