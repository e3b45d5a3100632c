import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';
import type { ChangeSink } from './collection';
import { DESERIALIZE_OPTIONS } from './wire';

// On-disk format (both files): a sequence of frames
//   uint32 LE payload length | uint32 LE crc32(payload) | payload = one BSON journal entry.
// A frame that is short or fails its checksum marks the end of the valid data: it can only be
// the tail of a write that was never acknowledged (we fsync before replying).
//
//   snapshot.bson  the whole state as of the last start-up (written to a temp file, fsynced,
//                  renamed over the old one: it is either the old or the new snapshot, never half)
//   journal.bson   every change since, appended and fsynced per command before the reply.

const SNAPSHOT_FILE = 'snapshot.bson';
const JOURNAL_FILE = 'journal.bson';
const LOCK_FILE = 'embedded-mongo.lock';
const FRAME_HEADER = 8;
/** The data is the whole registry: readable by the service's own user only. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Folders and files made before the modes were set (0644 / 0755) are narrowed on open. */
function restrictExisting(dbPath: string): void {
  fs.chmodSync(dbPath, DIR_MODE);
  for (const name of fs.readdirSync(dbPath)) {
    const file = path.join(dbPath, name);
    if (fs.statSync(file).isFile()) fs.chmodSync(file, FILE_MODE);
  }
}

export function encodeFrame(entry: Document): Buffer {
  const serialized = serialize(entry);
  const payload = Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength);
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER);
  return frame;
}

/** Decodes the valid prefix of a file's frames; `validBytes` says where garbage (if any) starts. */
export function decodeFrames(data: Buffer): { entries: Document[]; validBytes: number } {
  const entries: Document[] = [];
  let offset = 0;
  while (data.length - offset >= FRAME_HEADER) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    if (length < 5 || data.length - offset - FRAME_HEADER < length) break;
    const payload = data.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + length);
    if (crc32(payload) !== checksum) break;
    entries.push(deserialize(payload, DESERIALIZE_OPTIONS));
    offset += FRAME_HEADER + length;
  }
  return { entries, validBytes: offset };
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Append-only journal with group commit: entries recorded while a write+fsync is in flight
 * go out together in the next one. `flush()` resolves once everything recorded before the
 * call is on disk — the server calls it before acknowledging a command.
 */
export class Journal implements ChangeSink {
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private inFlight: Promise<void> | undefined;
  private recorded = 0;
  private lockPath: string;

  private constructor(
    private readonly handle: fsp.FileHandle,
    dbPath: string,
  ) {
    this.lockPath = path.join(dbPath, LOCK_FILE);
  }

  /**
   * Loads snapshot + journal, lets `replay` rebuild the state, writes a fresh snapshot of that
   * state (compaction) and opens an empty journal for appending.
   */
  static async open(
    dbPath: string,
    replay: (entries: Document[]) => void,
    snapshot: () => Iterable<Document>,
    log: (msg: string) => void,
  ): Promise<Journal> {
    fs.mkdirSync(dbPath, { recursive: true, mode: DIR_MODE });
    restrictExisting(dbPath);
    acquireLock(path.join(dbPath, LOCK_FILE));
    const snapshotPath = path.join(dbPath, SNAPSHOT_FILE);
    const journalPath = path.join(dbPath, JOURNAL_FILE);
    const snapshotData = fs.existsSync(snapshotPath)
      ? fs.readFileSync(snapshotPath)
      : Buffer.alloc(0);
    const journalData = fs.existsSync(journalPath) ? fs.readFileSync(journalPath) : Buffer.alloc(0);
    const fromSnapshot = decodeFrames(snapshotData);
    const fromJournal = decodeFrames(journalData);
    if (fromJournal.validBytes < journalData.length) {
      log(
        `journal: ignoring ${journalData.length - fromJournal.validBytes} trailing bytes of an unacknowledged write`,
      );
    }
    replay(fromSnapshot.entries);
    replay(fromJournal.entries);

    // Compaction: only if the journal had anything, otherwise the snapshot is already current.
    if (journalData.length > 0 || !fs.existsSync(snapshotPath)) {
      const tempPath = snapshotPath + '.tmp';
      const fd = fs.openSync(tempPath, 'w', FILE_MODE);
      try {
        let chunk: Buffer[] = [];
        let chunkBytes = 0;
        for (const entry of snapshot()) {
          const frame = encodeFrame(entry);
          chunk.push(frame);
          chunkBytes += frame.length;
          if (chunkBytes > 1 << 20) {
            fs.writeSync(fd, Buffer.concat(chunk));
            chunk = [];
            chunkBytes = 0;
          }
        }
        if (chunk.length) fs.writeSync(fd, Buffer.concat(chunk));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tempPath, snapshotPath);
      fsyncDirectory(dbPath);
    }
    const handle = await fsp.open(journalPath, 'w', FILE_MODE); // truncates: its content is in the snapshot now
    await handle.sync();
    fsyncDirectory(dbPath);
    log(
      `journal: loaded ${fromSnapshot.entries.length} snapshot and ${fromJournal.entries.length} journal entries from ${dbPath}`,
    );
    return new Journal(handle, dbPath);
  }

  /** Entries recorded since open: the server compares it around a command to see if it wrote. */
  get recordedCount(): number {
    return this.recorded;
  }

  record(entry: Document): void {
    this.pending.push(encodeFrame(entry));
    this.recorded++;
  }

  /**
   * Resolves when every entry recorded so far is written and fsynced. With nothing pending it
   * waits only for the batch in flight, never for batches queued after the call: under a
   * steady stream of writes the loop never ends, and waiting for it starved readers.
   */
  flush(): Promise<void> {
    if (this.pending.length === 0) return this.inFlight ?? Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.writing) this.writing = this.writeLoop();
    return done;
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length) {
      const batch = Buffer.concat(this.pending);
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      const written = this.writeBatch(batch);
      this.inFlight = written; // what a flush() with nothing pending waits for
      try {
        await written;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.inFlight = undefined;
    this.writing = undefined;
  }

  private async writeBatch(batch: Buffer): Promise<void> {
    await this.handle.write(batch);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
    fs.rmSync(this.lockPath, { force: true });
  }
}

/** One server per data folder: a second one would interleave journal writes. */
function acquireLock(lockPath: string): void {
  if (fs.existsSync(lockPath)) {
    const pid = Number(fs.readFileSync(lockPath, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`data folder is in use by process ${pid} (${lockPath})`);
    }
    if (pid === process.pid)
      throw new Error(`data folder is already open in this process (${lockPath})`);
  }
  fs.writeFileSync(lockPath, String(process.pid), { mode: FILE_MODE });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
