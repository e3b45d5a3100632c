import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError } from './errors';

const DEFAULT_FIRST_BATCH = 101;
/** Stay under maxBsonObjectSize for the reply that carries the batch. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** mongod's default cursorTimeoutMillis. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  namespace: string;
  docs: Document[];
  position: number;
  lastUsed: number;
}

export interface CursorReply {
  id: Long;
  ns: string;
  firstBatch?: Document[];
  nextBatch?: Document[];
}

/**
 * Open cursors: the result set is computed when the cursor opens and handed out in batches
 * (documents are immutable versions, so later writes do not disturb a cursor).
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private readonly reaper: NodeJS.Timeout;

  constructor() {
    this.reaper = setInterval(() => this.reapIdle(), 60_000);
    this.reaper.unref();
  }

  /** First batch of a result; keeps a cursor open only if documents remain. */
  open(
    namespace: string,
    docs: Document[],
    batchSize: number | undefined,
    singleBatch = false,
  ): CursorReply {
    const cursor: OpenCursor = { namespace, docs, position: 0, lastUsed: Date.now() };
    const firstBatch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.position >= docs.length)
      return { id: Long.ZERO, ns: namespace, firstBatch };
    const id = newCursorId();
    this.cursors.set(id.toString(), cursor);
    return { id, ns: namespace, firstBatch };
  }

  getMore(id: Long, namespace: string, batchSize: number | undefined): CursorReply {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor) throw new CommandError('CursorNotFound', `cursor id ${key} not found`);
    if (cursor.namespace !== namespace) {
      throw new CommandError(
        'Unauthorized',
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    }
    cursor.lastUsed = Date.now();
    const nextBatch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      return { id: Long.ZERO, ns: namespace, nextBatch };
    }
    return { id, ns: namespace, nextBatch };
  }

  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  close(): void {
    clearInterval(this.reaper);
    this.cursors.clear();
  }

  private reapIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.cursors)
      if (cursor.lastUsed < cutoff) this.cursors.delete(key);
  }
}

function takeBatch(cursor: OpenCursor, limit: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (cursor.position < cursor.docs.length && batch.length < limit) {
    const doc = cursor.docs[cursor.position];
    bytes += calculateObjectSize(doc);
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}

function newCursorId(): Long {
  // Positive 62-bit ids, never 0 (0 means "exhausted" to the driver).
  const high = Math.floor(Math.random() * 0x3fffffff) + 1;
  const low = Math.floor(Math.random() * 0xffffffff);
  return Long.fromBits(low | 0, high);
}

/** Cursor ids arrive as Long or (when small enough to promote) as number. */
export function toCursorId(value: unknown): Long {
  if (Long.isLong(value)) return value;
  if (typeof value === 'number' || typeof value === 'bigint')
    return Long.fromValue(value as number);
  throw new CommandError('TypeMismatch', 'cursor id must be a long');
}
