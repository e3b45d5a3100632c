import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';
import type { ChangeSink } from './collection';
import { DESERIALIZE_OPTIONS } from './wire';

// On-disk format (every file): a sequence of frames
//   uint32 LE payload length | uint32 LE crc32(payload) | payload = one BSON journal entry.
// A frame that is short or fails its checksum marks the end of the valid data: it can only be
// the tail of a write that was never acknowledged (we fsync before replying).
//
//   snapshot.bson        the whole state at a capture point. Its first frame is the header
//                        {op: 'snapshot', generation: G}: it holds exactly the effect of every
//                        journal of generation < G. Written to snapshot.bson.tmp, fsynced, then
//                        renamed over the old one: it is the old or the new snapshot, never half.
//   journal.<N>.bson     the changes of generation N, appended and fsynced before the reply.
//                        Exactly one generation is written at a time (the active one).
//   journal.bson         folders from before generations: generation 0, as is a snapshot
//                        without header.
//
// Open replays the snapshot (generation G), then every journal of generation >= G in order;
// journals of generation < G are leftovers of a compaction that crashed after its rename.
//
// Compaction (at open, and while running once the journals outgrow the snapshot):
//   1. journal.<N+1>.bson is created empty and the folder fsynced (it holds nothing yet).
//   2. Capture, in one synchronous step between two commands: a view of the whole state, and
//      the switch of the active journal to N+1. Entries recorded before it go to journal N
//      (written even if still queued), every later one to N+1.
//   3. The view is encoded into snapshot.bson.tmp with header generation N+1, in chunks
//      (the server goes on serving in between), and fsynced.
//   4. Once journal N's last batch is on disk, the temp file is renamed over snapshot.bson
//      and the folder fsynced.
//   5. Journals of generation <= N are removed (a crash before that leaves them ignored).
// A crash at any step finds either {old snapshot, journals <= N, maybe an empty or growing
// N+1, maybe a temp file} or {new snapshot, maybe leftovers <= N, N+1}; both replay to the
// same state.
//
// Why no entry is ever replayed twice (impossible, not merely harmless): an entry is written
// to exactly one journal, the one active when it was recorded. The view captured at step 2
// contains the effect of exactly the entries recorded before the switch, i.e. of every
// journal < N+1, and of none recorded after it, since the capture and the switch happen in
// the same synchronous step. Open applies the snapshot, then only journals >= its generation.
// So each entry reaches the state once: through the snapshot or through its journal. It has to
// be impossible: a `put` replayed twice would be harmless (the full new version of a document,
// and a later entry for the same _id comes after it), but a `renameCollection` replayed over a
// snapshot that already holds its result fails (its source is gone) and stops the start-up.

const SNAPSHOT_FILE = 'snapshot.bson';
const SNAPSHOT_TEMP_FILE = 'snapshot.bson.tmp';
const LEGACY_JOURNAL_FILE = 'journal.bson';
const JOURNAL_FILE_PATTERN = /^journal\.(\d+)\.bson$/;
const LOCK_FILE = 'embedded-mongo.lock';
const FRAME_HEADER = 8;
/** The data is the whole registry: readable by the service's own user only. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** Default for JournalOptions.compactionFloorBytes. */
export const DEFAULT_COMPACTION_FLOOR_BYTES = 16 * 1024 * 1024;
/** A running compaction writes this much, or encodes this long, before the server gets a turn. */
const SNAPSHOT_CHUNK_BYTES = 256 * 1024;
const SNAPSHOT_SLICE_MS = 4;

/** Where a running compaction stands; the hook is called once each step is complete. */
export type CompactionStep =
  | 'journal-created' // step 1: next journal exists, nothing captured yet
  | 'captured' // step 2: new entries go to the next journal; nothing encoded yet
  | 'snapshot-written' // step 3: temp snapshot complete and fsynced, not renamed yet
  | 'snapshot-renamed' // step 4: new snapshot in place; superseded journals still there
  | 'done'; // step 5: superseded journals removed

export interface JournalOptions {
  /** A compaction starts once the journals exceed max(last snapshot's bytes, this). */
  compactionFloorBytes?: number;
  /** Awaited after each step of a running compaction; a throw fails that compaction. */
  onCompactionStep?: (step: CompactionStep) => void | Promise<void>;
}

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

export function journalFileName(generation: number): string {
  return `journal.${String(generation).padStart(6, '0')}.bson`;
}

/** The journal files of a folder, oldest generation first. */
function listJournals(dbPath: string): { generation: number; file: string }[] {
  const journals: { generation: number; file: string }[] = [];
  for (const name of fs.readdirSync(dbPath)) {
    const match = JOURNAL_FILE_PATTERN.exec(name);
    if (match) journals.push({ generation: Number(match[1]), file: path.join(dbPath, name) });
    else if (name === LEGACY_JOURNAL_FILE)
      journals.push({ generation: 0, file: path.join(dbPath, name) });
  }
  return journals.sort((a, b) => a.generation - b.generation);
}

function isSnapshotHeader(entry: Document | undefined): boolean {
  return entry?.op === 'snapshot' && typeof entry.generation === 'number';
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

/** fsyncDirectory without blocking the event loop (used while serving). */
async function fsyncDirectoryAsync(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // As above.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

class CompactionStopped extends Error {
  constructor() {
    super('server stopping');
  }
}

/**
 * Writes the snapshot of generation `generation` to the temp file and fsyncs it; returns its
 * size. Encodes in slices and awaits each write, so commands run in between.
 */
async function writeSnapshotTemp(
  dbPath: string,
  generation: number,
  entries: Iterable<Document>,
  stopped: () => boolean,
): Promise<number> {
  const handle = await fsp.open(path.join(dbPath, SNAPSHOT_TEMP_FILE), 'w', FILE_MODE);
  let bytes = 0;
  try {
    let chunk: Buffer[] = [encodeFrame({ op: 'snapshot', generation })];
    let chunkBytes = chunk[0].length;
    let sliceStarted = performance.now();
    const writeChunk = async (): Promise<void> => {
      await handle.write(Buffer.concat(chunk, chunkBytes));
      bytes += chunkBytes;
      chunk = [];
      chunkBytes = 0;
      if (stopped()) throw new CompactionStopped();
      sliceStarted = performance.now();
    };
    let sinceClockRead = 0;
    for (const entry of entries) {
      const frame = encodeFrame(entry);
      chunk.push(frame);
      chunkBytes += frame.length;
      if (chunkBytes >= SNAPSHOT_CHUNK_BYTES) await writeChunk();
      else if (++sinceClockRead >= 16) {
        sinceClockRead = 0;
        if (performance.now() - sliceStarted >= SNAPSHOT_SLICE_MS) await writeChunk();
      }
    }
    if (chunkBytes) await writeChunk();
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes;
}

/** An active or superseded journal file. */
interface Segment {
  generation: number;
  handle: fsp.FileHandle;
}

/** Frames written together by one write + fsync, and whoever waits for them. */
interface Batch {
  segment: Segment;
  frames: Buffer[];
  bytes: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(segment: Segment): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  done.catch(() => undefined); // a batch nobody waits for must not be an unhandled rejection
  return { segment, frames: [], bytes: 0, done, resolve, reject };
}

/**
 * Generation-numbered append-only journals with group commit: entries recorded while a
 * write+fsync is in flight go out together in the next one. `flush()` resolves once
 * everything recorded before the call is on disk — the server calls it before acknowledging
 * a command. Compacts into the snapshot at open and, without stopping, whenever the journals
 * outgrow it (see the protocol above).
 */
export class Journal implements ChangeSink {
  /** Batch collecting new entries (for the active segment), not handed to the writer yet. */
  private open: Batch | undefined;
  /** Batches closed by a generation switch, written before `open`. */
  private sealed: Batch[] = [];
  private inFlight: Batch | undefined;
  private writing: Promise<void> | undefined;
  private recorded = 0;
  private readonly lockPath: string;
  /** Journal bytes the snapshot does not hold yet (every live generation). */
  private liveBytes = 0;
  private compaction: Promise<void> | undefined;
  /** After a failed compaction, the next waits until the journals grew by another threshold. */
  private retryAboveBytes = 0;
  private closing = false;
  private readonly compactionFloorBytes: number;

  private constructor(
    private active: Segment,
    private readonly dbPath: string,
    private snapshotBytes: number,
    private readonly snapshot: () => Iterable<Document>,
    private readonly log: (msg: string) => void,
    private readonly options: JournalOptions,
  ) {
    this.lockPath = path.join(dbPath, LOCK_FILE);
    this.compactionFloorBytes = options.compactionFloorBytes ?? DEFAULT_COMPACTION_FLOOR_BYTES;
  }

  /**
   * Loads snapshot + journals, lets `replay` rebuild the state, compacts it into a fresh
   * snapshot and opens the next journal for appending. `snapshot` must return a view of the
   * state as of its call: a running compaction reads it later, across event-loop turns.
   */
  static async open(
    dbPath: string,
    replay: (entries: Document[]) => void,
    snapshot: () => Iterable<Document>,
    log: (msg: string) => void,
    options: JournalOptions = {},
  ): Promise<Journal> {
    fs.mkdirSync(dbPath, { recursive: true, mode: DIR_MODE });
    restrictExisting(dbPath);
    acquireLock(path.join(dbPath, LOCK_FILE));
    const snapshotPath = path.join(dbPath, SNAPSHOT_FILE);
    // A temp snapshot is never complete unless renamed: whatever is left was interrupted.
    fs.rmSync(path.join(dbPath, SNAPSHOT_TEMP_FILE), { force: true, recursive: true });

    const snapshotExists = fs.existsSync(snapshotPath);
    const snapshotData = snapshotExists ? fs.readFileSync(snapshotPath) : Buffer.alloc(0);
    const fromSnapshot = decodeFrames(snapshotData);
    if (fromSnapshot.validBytes < snapshotData.length)
      log(
        `journal: snapshot has ${snapshotData.length - fromSnapshot.validBytes} unreadable bytes`,
      );
    const header = isSnapshotHeader(fromSnapshot.entries[0])
      ? fromSnapshot.entries.shift()
      : undefined;
    const snapshotGeneration = header ? (header.generation as number) : 0;
    replay(fromSnapshot.entries);

    const journals = listJournals(dbPath);
    const live = journals.filter((journal) => journal.generation >= snapshotGeneration);
    let journalEntries = 0;
    let journalBytes = 0;
    for (const journal of live) {
      const data = fs.readFileSync(journal.file);
      const decoded = decodeFrames(data);
      if (decoded.validBytes < data.length) {
        log(
          `journal: ignoring ${data.length - decoded.validBytes} trailing bytes of an unacknowledged write in ${path.basename(journal.file)}`,
        );
      }
      replay(decoded.entries);
      journalEntries += decoded.entries.length;
      journalBytes += data.length;
    }

    // Already compact: the snapshot has a generation and its journal, the only one, is empty.
    const compact =
      header !== undefined &&
      journalBytes === 0 &&
      live.length === 1 &&
      live[0].generation === snapshotGeneration;
    let generation = snapshotGeneration;
    let snapshotBytes = snapshotData.length;
    if (!compact) {
      generation = Math.max(snapshotGeneration, ...live.map((j) => j.generation)) + 1;
      snapshotBytes = await writeSnapshotTemp(dbPath, generation, snapshot(), () => false);
      fs.renameSync(path.join(dbPath, SNAPSHOT_TEMP_FILE), snapshotPath);
      fsyncDirectory(dbPath);
    }
    for (const journal of journals)
      if (journal.generation < generation) fs.rmSync(journal.file, { force: true });
    const handle = await fsp.open(path.join(dbPath, journalFileName(generation)), 'a', FILE_MODE);
    await handle.sync();
    fsyncDirectory(dbPath);
    log(
      `journal: loaded ${fromSnapshot.entries.length} snapshot and ${journalEntries} journal entries from ${dbPath}`,
    );
    return new Journal({ generation, handle }, dbPath, snapshotBytes, snapshot, log, options);
  }

  /** Entries recorded since open: the server compares it around a command to see if it wrote. */
  get recordedCount(): number {
    return this.recorded;
  }

  /** The generation new entries go to (tests read it). */
  get generation(): number {
    return this.active.generation;
  }

  /** Resolves once the compaction running now, if any, has ended (succeeded or not). */
  whenCompacted(): Promise<void> {
    return this.compaction ?? Promise.resolve();
  }

  record(entry: Document): void {
    const frame = encodeFrame(entry);
    this.open ??= newBatch(this.active);
    this.open.frames.push(frame);
    this.open.bytes += frame.length;
    this.liveBytes += frame.length;
    this.recorded++;
    if (
      !this.compaction &&
      !this.closing &&
      this.liveBytes > Math.max(this.snapshotBytes, this.compactionFloorBytes, this.retryAboveBytes)
    ) {
      this.compaction = this.compact().finally(() => (this.compaction = undefined));
    }
  }

  /**
   * Resolves when every entry recorded so far is written and fsynced. With nothing pending it
   * waits only for the batch in flight (or one a generation switch closed, written before
   * anything newer), never for batches queued after the call: under a steady stream of
   * writes the loop never ends, and waiting for it starved readers.
   */
  flush(): Promise<void> {
    if (this.open) {
      const done = this.open.done;
      this.startWriting();
      return done;
    }
    return (this.sealed[this.sealed.length - 1] ?? this.inFlight)?.done ?? Promise.resolve();
  }

  private startWriting(): void {
    this.writing ??= this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    for (;;) {
      // Older generations first: a batch of N+1 is never on disk before one of N.
      const batch = this.sealed.shift() ?? this.open;
      if (!batch) break;
      if (batch === this.open) this.open = undefined;
      this.inFlight = batch; // what a flush() with nothing pending waits for
      try {
        await batch.segment.handle.write(Buffer.concat(batch.frames, batch.bytes));
        await batch.segment.handle.datasync();
        batch.resolve();
      } catch (error) {
        batch.reject(error);
      }
    }
    this.inFlight = undefined;
    this.writing = undefined;
  }

  /**
   * Steps 1-5 of the protocol at the top of this file. Only one runs at a time (`compaction`);
   * a failure is logged and leaves valid files: the old snapshot and every journal it needs
   * stay until a newer snapshot is durably in place.
   */
  private async compact(): Promise<void> {
    const started = performance.now();
    const generation = this.active.generation + 1;
    const nextPath = path.join(this.dbPath, journalFileName(generation));
    let next: Segment | undefined;
    let previous: Segment | undefined;
    let previousTail: Promise<void> = Promise.resolve();
    let capturedBytes = 0;
    let switched = false;
    this.log(
      `journal: compacting into generation ${generation} (journals ${this.liveBytes} bytes, snapshot ${this.snapshotBytes} bytes)`,
    );
    try {
      // 1. Nothing was ever switched to this generation: an earlier failed attempt may have left
      // it, empty, and 'w' starts it afresh.
      next = { generation, handle: await fsp.open(nextPath, 'w', FILE_MODE) };
      await next.handle.sync();
      await fsyncDirectoryAsync(this.dbPath);
      await this.step('journal-created');

      // 2. Capture and switch, with no await in between.
      const view = this.snapshot();
      previous = this.active;
      if (this.open) {
        this.sealed.push(this.open);
        this.open = undefined;
        this.startWriting();
      }
      previousTail = (this.sealed[this.sealed.length - 1] ?? this.inFlight)?.done ?? previousTail;
      this.active = next;
      switched = true;
      capturedBytes = this.liveBytes;
      await this.step('captured');

      // 3.
      const bytes = await writeSnapshotTemp(this.dbPath, generation, view, () => this.closing);
      await this.step('snapshot-written');

      // 4. Entries of the previous journal still being written are unacknowledged: the
      // snapshot holds them, but it supersedes that journal only once it is complete.
      await previousTail.catch(() => undefined);
      if (this.closing) throw new CompactionStopped();
      await fsp.rename(
        path.join(this.dbPath, SNAPSHOT_TEMP_FILE),
        path.join(this.dbPath, SNAPSHOT_FILE),
      );
      await fsyncDirectoryAsync(this.dbPath);
      this.snapshotBytes = bytes;
      this.liveBytes -= capturedBytes;
      this.retryAboveBytes = 0;
      await this.step('snapshot-renamed');

      // 5.
      await previous.handle.close();
      previous = undefined;
      for (const journal of listJournals(this.dbPath))
        if (journal.generation < generation) await fsp.rm(journal.file, { force: true });
      await this.step('done');
      this.log(
        `journal: compacted into generation ${generation} (snapshot ${bytes} bytes, ${Math.round(performance.now() - started)} ms)`,
      );
    } catch (error) {
      if (!switched) await next?.handle.close().catch(() => undefined);
      await fsp.rm(path.join(this.dbPath, SNAPSHOT_TEMP_FILE), { force: true }).catch(() => {});
      if (!(error instanceof CompactionStopped)) {
        this.retryAboveBytes =
          this.liveBytes + Math.max(this.snapshotBytes, this.compactionFloorBytes);
        this.log(
          `journal: compaction into generation ${generation} failed (${(error as Error).message}); the files on disk still hold every acknowledged write`,
        );
      }
    } finally {
      if (previous) {
        // Superseded or not, nothing is written to it any more once its tail is out.
        await previousTail.catch(() => undefined);
        await previous.handle.close().catch(() => undefined);
      }
    }
  }

  private async step(step: CompactionStep): Promise<void> {
    await this.options.onCompactionStep?.(step);
    if (this.closing) throw new CompactionStopped();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.compaction;
    await this.flush();
    await this.active.handle.close();
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
