import { compareValues } from './bson-values';
import { KeyOrder, type OrderedEntry } from './key-order';

// The ordered keys of an index against a plainly sorted array, through enough inserts and
// deletes to split and empty chunks.

const DATE = new Date('2026-01-01T00:00:00Z');

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('embedded-mongo key order', () => {
  it('keeps entries sorted through inserts and deletes across many chunks', () => {
    const rand = random(42);
    const order = new KeyOrder([1, -1]);
    const model: OrderedEntry[] = [];
    const compare = (a: OrderedEntry, b: OrderedEntry): number =>
      compareValues(a.key[0], b.key[0]) || -compareValues(a.key[1], b.key[1]) || a.rid - b.rid;
    const values = [null, 1, 2, 'a', 'b', true, DATE];
    for (let rid = 0; rid < 4000; rid++) {
      const entry = {
        key: [values[Math.floor(rand() * values.length)], Math.floor(rand() * 50)],
        rid,
      };
      order.insert(entry);
      model.push(entry);
      if (rand() < 0.4) {
        const [gone] = model.splice(Math.floor(rand() * model.length), 1);
        expect(order.delete(gone.key, gone.rid)).toBe(true);
      }
    }
    const check = (): void => {
      expect(order.size).toBe(model.length);
      expect([...order.entries(0, order.size, false)]).toEqual(model);
      expect([...order.entries(0, order.size, true)]).toEqual([...model].reverse());
      for (let p = 0; p < model.length; p += 97) expect(order.at(p)).toBe(model[p]);
      for (const prefix of [[1], ['a'], [null], [2, 7], ['zz'], [DATE, 0]]) {
        const inside = model
          .map((entry, p) => [entry, p] as const)
          .filter(([entry]) => prefix.every((v, i) => compareValues(entry.key[i], v) === 0))
          .map(([, p]) => p);
        const { from, to } = order.range(prefix);
        expect([prefix, to - from]).toEqual([prefix, inside.length]);
        if (inside.length) expect(from).toBe(inside[0]);
        expect([...order.entries(from + 1, to - 1, true)]).toEqual(
          model.slice(from + 1, Math.max(from + 1, to - 1)).reverse(),
        );
      }
    };
    model.sort(compare);
    check();
    // Emptying whole chunks: the first half in order, then every key under 'a'.
    for (const gone of model.splice(0, model.length >> 1)) order.delete(gone.key, gone.rid);
    check();
    for (const gone of model.filter((entry) => entry.key[0] === 'a'))
      expect(order.delete(gone.key, gone.rid)).toBe(true);
    model.splice(0, model.length, ...model.filter((entry) => entry.key[0] !== 'a'));
    check();
    expect(order.delete([3, 3], 1e9)).toBe(false);
  });

  it('builds from a batch the order inserts give, and keeps it through later inserts', () => {
    const rand = random(7);
    const entries = Array.from({ length: 3000 }, (_, rid) => ({
      key: [Math.floor(rand() * 40), rand() < 0.5 ? 'x' : null],
      rid,
    }));
    const inserted = new KeyOrder([-1, 1]);
    for (const entry of entries) inserted.insert(entry);
    const built = KeyOrder.build([-1, 1], [...entries].reverse());
    expect([...built.entries(0, built.size, false)]).toEqual([
      ...inserted.entries(0, inserted.size, false),
    ]);
    expect(built.range([7])).toEqual(inserted.range([7]));
    // Ascending keys go to the end without a search.
    for (let rid = 3000; rid < 3600; rid++) {
      built.insert({ key: [-1, 'z'], rid });
      inserted.insert({ key: [-1, 'z'], rid });
    }
    expect(built.at(built.size - 1).rid).toBe(3599);
    expect([...built.entries(0, built.size, true)]).toEqual([
      ...inserted.entries(0, inserted.size, true),
    ]);
  });
});
