import {
  InMemoryTouchedParents,
  ParentsChanged,
  ParentsChangedBus,
  STILL_WRITING,
} from './parents-changed';

describe('ParentsChangedBus (touched parents outbox)', () => {
  function bus() {
    const outbox = new InMemoryTouchedParents();
    const b = new ParentsChangedBus(outbox);
    const checked: ParentsChanged[] = [];
    let failing = false;
    b.subscribe(async (change) => {
      if (failing) throw new Error('database lost');
      checked.push(change);
      return [];
    });
    return { b, outbox, checked, fail: (f: boolean) => (failing = f) };
  }

  it('notes the parents before the write and clears the note once they are checked', async () => {
    const { b, outbox, checked } = bus();
    const touched = await b.announce(['0100109106', '0100109106'], 'officer');
    expect([...outbox.entries.values()].map((e) => e.parentTaxCodes)).toEqual([['0100109106']]);
    await b.publish({ parentTaxCodes: ['0100109106'], actor: 'officer' }, touched);
    expect(checked).toEqual([{ parentTaxCodes: ['0100109106'], actor: 'officer' }]);
    expect(outbox.entries.size).toBe(0);
  });

  it('keeps the note when the check fails, and a later sweep makes the check', async () => {
    const { b, outbox, checked, fail } = bus();
    const touched = await b.announce(['0100109106'], 'officer');
    fail(true);
    await expect(
      b.publish({ parentTaxCodes: ['0100109106'], actor: 'officer' }, touched),
    ).rejects.toThrow('database lost');
    expect(outbox.entries.size).toBe(1);
    fail(false);
    expect(await b.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect(checked).toEqual([{ parentTaxCodes: ['0100109106'], actor: 'officer' }]);
    expect(outbox.entries.size).toBe(0);
  });

  it('a write that never got to its check (crash, failed write) is checked by the sweep only once old enough', async () => {
    const { b, outbox, checked } = bus();
    await b.announce(['0312345678'], 'import');
    expect(await b.checkLeftovers(new Date(0))).toBe(0);
    expect(outbox.entries.size).toBe(1);
    expect(await b.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect(checked).toEqual([{ parentTaxCodes: ['0312345678'], actor: 'import' }]);
    expect(outbox.entries.size).toBe(0);
  });

  it('announces nothing for no parents', async () => {
    const { b, outbox } = bus();
    expect(await b.announce([], 'x')).toBeUndefined();
    expect(outbox.entries.size).toBe(0);
  });

  it('finishes an unfinished write before its parents are checked, and keeps it while it cannot', async () => {
    const { b, outbox, checked } = bus();
    const order: string[] = [];
    const write = { kind: 'two-step', data: { step: 2 } };
    await b.announce(['0100109106'], 'officer', write);
    const later = new Date(Date.now() + 1);
    // No finisher on this replica (yet): neither finished nor checked, kept for later.
    expect(await b.checkLeftovers(later)).toBe(0);
    expect([checked.length, outbox.entries.size]).toEqual([0, 1]);
    let fails = true;
    b.finishWith('two-step', async (data, actor) => {
      if (fails) throw new Error('database lost');
      order.push(`finish ${JSON.stringify(data)} by ${actor}`);
    });
    await expect(b.checkLeftovers(later)).rejects.toThrow('database lost');
    expect([checked.length, outbox.entries.size]).toEqual([0, 1]);
    fails = false;
    b.subscribe(async () => (order.push('check'), []));
    expect(await b.checkLeftovers(later)).toBe(1);
    expect(order).toEqual(['finish {"step":2} by officer', 'check']);
    expect(outbox.entries.size).toBe(0);
  });

  it('a settled write has nothing left to finish: after a crash its parents are only checked', async () => {
    const { b, outbox, checked } = bus();
    const touched = await b.announce(['0100109106'], 'officer', { kind: 'import', data: {} });
    let undone = 0;
    b.finishWith('import', async () => void undone++);
    await b.settle(touched);
    // The process dies here, before publish: the sweep checks, and undoes nothing.
    expect(await b.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect([undone, checked.length, outbox.entries.size]).toEqual([0, 1, 0]);
  });

  it('a write its writer is still at is kept, neither finished nor checked, and counted', async () => {
    const { b, outbox, checked } = bus();
    const touched = await b.announce(['0100109106'], 'import', { kind: 'long', data: { n: 1 } });
    const seen: unknown[] = [];
    b.finishWith('long', async (data, actor, entry) => {
      seen.push([data, actor, entry.id]);
      return STILL_WRITING;
    });
    expect(await b.checkLeftovers(new Date(Date.now() + 1))).toBe(0);
    expect(seen).toEqual([[{ n: 1 }, 'import', touched!.id]]);
    expect([b.stillWriting, checked.length, outbox.entries.size]).toEqual([1, 0, 1]);
    b.finishWith('long', async () => undefined);
    expect(await b.checkLeftovers(new Date(Date.now() + 1))).toBe(1);
    expect([b.stillWriting, checked.length, outbox.entries.size]).toEqual([0, 1, 0]);
  });

  it('a writer that keeps its entry alive keeps it out of the sweeps of older entries', async () => {
    const { b, outbox } = bus();
    const touched = await b.announce(['0100109106'], 'import', { kind: 'long', data: {} });
    b.finishWith('long', async () => undefined);
    outbox.entries.get(touched!.id)!.at = new Date(Date.now() - 120_000);
    await b.keepAlive(touched!);
    // A periodic sweep takes entries older than a minute: this one spoke just now.
    expect(await b.checkLeftovers(new Date(Date.now() - 60_000))).toBe(0);
    expect(outbox.entries.size).toBe(1);
  });
});
