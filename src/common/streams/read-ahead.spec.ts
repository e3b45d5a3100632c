import { readAhead } from './read-ahead';

/** A source that logs when it is asked for an item and when it is closed. */
function loggedSource(items: number[], log: string[], failAt?: number): AsyncIterable<number> {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: async () => {
          log.push(`asked ${i}`);
          await new Promise((resolve) => setImmediate(resolve));
          if (i === failAt) throw new Error(`read ${i} failed`);
          return i < items.length
            ? { done: false, value: items[i++] }
            : { done: true, value: undefined };
        },
        return: async () => {
          log.push('closed');
          return { done: true, value: undefined };
        },
      };
    },
  };
}

describe('readAhead', () => {
  it('yields every item in order and asks for the next before the consumer is done with one', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const item of readAhead(loggedSource([10, 20, 30], log))) {
      log.push(`working on ${item}`);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(item);
    }
    expect(seen).toEqual([10, 20, 30]);
    expect(log.slice(0, 4)).toEqual(['asked 0', 'asked 1', 'working on 10', 'asked 2']);
    expect(log).not.toContain('closed'); // a source read to its end is not closed again
  });

  it('hands a failed read to the consumer at its turn, never as an unhandled rejection', async () => {
    const log: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const item of readAhead(loggedSource([1, 2, 3], log, 1))) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            seen.push(item);
          }
        })(),
      ).rejects.toThrow('read 1 failed');
      expect(seen).toEqual([1]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('closes the source when the consumer stops early, its read ahead failing unseen', async () => {
    const log: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const item of readAhead(loggedSource([1, 2, 3], log, 1))) {
        if (item === 1) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(log).toContain('closed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
