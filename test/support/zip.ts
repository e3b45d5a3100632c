// A minimal zip writer for hostile .xlsx files: entries deflated from generated chunks (so a
// 300-million-character part never exists in memory), and sizes in the directory that may
// be told to lie.
import { crc32, createDeflateRaw } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  /** The entry's content, produced chunk by chunk. */
  chunks: () => Iterable<Buffer>;
  /** Write this as the uncompressed size instead of the real one. */
  declaredSize?: number;
}

async function deflate(chunks: Iterable<Buffer>) {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((resolve) => deflater.on('end', resolve));
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r));
  }
  deflater.end();
  await ended;
  return { data: Buffer.concat(out), size, crc };
}

export async function writeZip(entries: ZipEntryInput[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, size, crc } = await deflate(entry.chunks());
    const name = Buffer.from(entry.name, 'utf8');
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `total` bytes of `unit` repeated, in chunks of about 1 MiB. */
export function* repeated(unit: string, total: number): Iterable<Buffer> {
  const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor(2 ** 20 / unit.length))));
  let left = total;
  while (left > 0) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    yield piece;
  }
}

export const text = (s: string) => () => [Buffer.from(s)];

/** The parts of an .xlsx around a worksheet and shared strings of your making. */
export function xlsxParts(
  sheet: ZipEntryInput['chunks'],
  sharedStrings: ZipEntryInput['chunks'],
): ZipEntryInput[] {
  return [
    {
      name: '[Content_Types].xml',
      chunks: text(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      chunks: text(
        '<workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', chunks: sheet },
    { name: 'xl/sharedStrings.xml', chunks: sharedStrings },
  ];
}
