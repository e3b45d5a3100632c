/**
 * The items of `source`, asking it for the next one while the consumer works on the current
 * one: a database cursor then fetches its next batch while the previous batch is processed,
 * instead of the two taking turns.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = it.next();
      // Seen by the next loop turn; if the consumer stops first, it must not go unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!done) await it.return?.();
  }
}
