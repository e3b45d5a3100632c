// The zip container of an .xlsx, read from the bytes in memory: the central directory names
// every entry with its sizes, and one entry is inflated as a stream of chunks, so a part is
// read (and re-read) without the others and without holding it whole.
import { createInflateRaw } from 'node:zlib';
import { drained } from './streams';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[] }
  | { ok: false; why: 'corrupt' | 'zip64' }
  | { ok: false; why: 'too-many'; count: number };

/** True when the bytes are a zip (an .xlsx), whatever the file is called. */
export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL;
}

/** The entries the central directory lists (at most `maxEntries`). */
export function readZipDirectory(buffer: Buffer, maxEntries: number): ZipDirectory {
  // The end-of-directory record is within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, why: 'corrupt' };
  const count = buffer.readUInt16LE(eocd + 10);
  const offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) return { ok: false, why: 'zip64' };
  if (count > maxEntries) return { ok: false, why: 'too-many', count };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== CENTRAL)
      return { ok: false, why: 'corrupt' };
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    entries.push({
      method: buffer.readUInt16LE(p + 10),
      compressedSize: buffer.readUInt32LE(p + 20),
      declaredSize: buffer.readUInt32LE(p + 24),
      localOffset: buffer.readUInt32LE(p + 42),
      name: buffer.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

/** The entry's stored (compressed) bytes, or undefined when its local header is not sound. */
export function storedBytes(buffer: Buffer, entry: ZipEntry): Buffer | undefined {
  const p = entry.localOffset;
  if (p + 30 > buffer.length || buffer.readUInt32LE(p) !== LOCAL) return undefined;
  const start = p + 30 + buffer.readUInt16LE(p + 26) + buffer.readUInt16LE(p + 28);
  if (start + entry.compressedSize > buffer.length) return undefined;
  return buffer.subarray(start, start + entry.compressedSize);
}

export class ZipEntryError extends Error {}

/**
 * The entry's bytes, inflated as chunks of 64 KiB; throws ZipEntryError when it cannot be
 * read or grows past `cap` bytes. Stopping the iteration stops the inflation.
 */
export async function* inflateEntry(
  buffer: Buffer,
  entry: ZipEntry,
  cap: number,
): AsyncGenerator<Buffer> {
  const data = storedBytes(buffer, entry);
  if (!data) throw new ZipEntryError(`${entry.name}: local header not sound`);
  if (entry.method === 0) {
    if (data.length > cap) throw new ZipEntryError(`${entry.name}: larger than ${cap} bytes`);
    for (let i = 0; i < data.length; i += 65_536) yield data.subarray(i, i + 65_536);
    return;
  }
  if (entry.method !== 8) throw new ZipEntryError(`${entry.name}: compression ${entry.method}`);
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  // Fed in slices: the stream's own backpressure then holds the inflation to what is read.
  const feed = async () => {
    for (let i = 0; i < data.length && !inflate.destroyed; i += 256 * 1024) {
      if (!inflate.write(data.subarray(i, i + 256 * 1024))) await drained(inflate);
    }
    if (!inflate.destroyed) inflate.end();
  };
  feed().catch(() => undefined);
  let bytes = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > cap) throw new ZipEntryError(`${entry.name}: larger than ${cap} bytes`);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ZipEntryError) throw error;
    throw new ZipEntryError(`${entry.name}: ${(error as Error).message}`);
  } finally {
    inflate.destroy();
  }
}
