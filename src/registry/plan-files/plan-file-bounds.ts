// Bounds on an uploaded plan file, checked BEFORE it is parsed (when the whole workbook was
// parsed into memory, a 308 KB .xlsx expanding to one 300-million-character string took the
// service to 3.2 GB, a 720,000-row file to 3.3 GB before the row limit was seen; the reader
// now streams, and these still refuse such files in one cheap counting pass, before any of
// the import's work). The text the cells name, shared strings counted where used, is bounded
// by the reader itself as it streams (DEFAULT_MAX_TEXT_CHARS in import/parse-plan-file.ts).
//
// An .xlsx is a zip: its central directory is read first (entry count, declared sizes), then
// every entry that matters is inflated as a stream that is counted and thrown away, so the
// real sizes are checked too (a directory can lie) with memory bounded by one chunk. While the
// worksheets stream, their rows and cells are counted and the longest text run measured.
// A .csv is already in memory (UPLOAD_LIMIT_BYTES): its records are counted, quotes honoured.
import { createInflateRaw } from 'node:zlib';
import { isZip, readZipDirectory, storedBytes, type ZipEntry } from './import/zip-entries';

export { isZip } from './import/zip-entries';

export interface PlanFileLimits {
  /** Data rows of a plan (the parser's own limit), plus a few for headers and titles. */
  maxRows: number;
  maxCells: number;
  /** Decompressed bytes of any one entry, and of all of them. */
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxEntries: number;
  /** Longest text between two XML tags (Excel's own cell limit is 32,767 characters). */
  maxTextBytes: number;
}

export const PLAN_FILE_LIMITS: PlanFileLimits = {
  maxRows: 20_000 + 50,
  maxCells: (20_000 + 50) * 40,
  maxEntryBytes: 64 * 2 ** 20,
  maxTotalBytes: 128 * 2 ** 20,
  maxEntries: 2_000,
  maxTextBytes: 32_767 * 3, // UTF-8: Vietnamese letters take up to 3 bytes
};

export type PlanFileBoundCode =
  | 'FILE_TOO_MANY_ENTRIES'
  | 'FILE_ENTRY_TOO_LARGE'
  | 'FILE_EXPANDS_TOO_MUCH'
  | 'FILE_ENTRY_SIZE_MISMATCH'
  | 'FILE_TOO_MANY_ROWS'
  | 'FILE_TOO_MANY_CELLS'
  | 'FILE_TEXT_TOO_LONG'
  | 'FILE_CORRUPT';

export interface PlanFileBoundProblem {
  code: PlanFileBoundCode;
  message: string;
  messageVi: string;
}

const problem = (code: PlanFileBoundCode, message: string, messageVi: string) => ({
  code,
  message,
  messageVi,
});

function readCentralDirectory(
  buffer: Buffer,
  limits: PlanFileLimits,
): ZipEntry[] | PlanFileBoundProblem {
  const directory = readZipDirectory(buffer, limits.maxEntries);
  if (directory.ok) return directory.entries;
  if (directory.why === 'zip64')
    return problem(
      'FILE_TOO_MANY_ENTRIES',
      'The .xlsx file is a zip64 archive, which no plan needs',
      'Tệp .xlsx quá lớn (zip64)',
    );
  if (directory.why === 'too-many')
    return problem(
      'FILE_TOO_MANY_ENTRIES',
      `The .xlsx file has ${directory.count} parts; the limit is ${limits.maxEntries}`,
      `Tệp .xlsx có ${directory.count} thành phần, tối đa ${limits.maxEntries}`,
    );
  return problem(
    'FILE_CORRUPT',
    'The .xlsx file is damaged (its zip directory cannot be read)',
    'Tệp .xlsx bị hỏng (không đọc được danh mục nén)',
  );
}

/** Counts of one XML entry as it streams: rows, cells and the longest run of text. */
class XmlCounter {
  rows = 0;
  cells = 0;
  longestText = 0;
  private run = 0;
  private tail = '';

  feed(chunk: Buffer, countCells: boolean): void {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x3c /* < */) {
        if (this.run > this.longestText) this.longestText = this.run;
        this.run = 0;
      } else this.run++;
    }
    if (!countCells) return;
    // "<row " / "<c " may straddle chunks: the previous chunk's last bytes lead this one, and
    // only matches that reach into the new bytes count.
    const text = this.tail + chunk.toString('latin1');
    const fresh = this.tail.length;
    this.rows += count(text, '<row ', fresh) + count(text, '<row>', fresh);
    this.cells += count(text, '<c ', fresh) + count(text, '<c>', fresh);
    this.tail = text.slice(-4);
  }

  end(): void {
    if (this.run > this.longestText) this.longestText = this.run;
  }
}

/** Occurrences of `needle` in `text` that end past index `fresh`. */
function count(text: string, needle: string, fresh: number): number {
  let n = 0;
  const from = Math.max(0, fresh - needle.length + 1);
  for (let i = text.indexOf(needle, from); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Inflates one entry, counting and discarding; stops at `cap` bytes. */
function streamEntry(
  buffer: Buffer,
  entry: ZipEntry,
  cap: number,
  onChunk: (chunk: Buffer) => boolean,
): Promise<{ bytes: number; stopped: boolean } | 'corrupt'> {
  const data = storedBytes(buffer, entry);
  if (!data) return Promise.resolve('corrupt');
  if (entry.method === 0) {
    const stopped = data.length > cap || !onChunk(data.subarray(0, cap));
    return Promise.resolve({ bytes: data.length, stopped });
  }
  if (entry.method !== 8) return Promise.resolve('corrupt');
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let bytes = 0;
    let done = false;
    const finish = (result: { bytes: number; stopped: boolean } | 'corrupt') => {
      if (done) return;
      done = true;
      inflate.removeAllListeners('data');
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > cap || !onChunk(chunk)) finish({ bytes, stopped: true });
    });
    inflate.on('end', () => finish({ bytes, stopped: false }));
    inflate.on('error', () => finish('corrupt'));
    inflate.end(data);
  });
}

/** Entries the reader inflates: worksheets, shared strings, the workbook and styles. */
const COUNTED = /^xl\/(worksheets\/[^/]+\.xml|sharedStrings\.xml|workbook\.xml|styles\.xml)$/i;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;

/** The first bound an .xlsx breaks, or undefined; reads the file without parsing it. */
export async function checkXlsxBounds(
  buffer: Buffer,
  limits: PlanFileLimits = PLAN_FILE_LIMITS,
): Promise<PlanFileBoundProblem | undefined> {
  const entries = readCentralDirectory(buffer, limits);
  if (!Array.isArray(entries)) return entries;
  let declaredTotal = 0;
  for (const e of entries) {
    if (e.declaredSize > limits.maxEntryBytes)
      return problem(
        'FILE_ENTRY_TOO_LARGE',
        `The .xlsx part ${e.name} expands to ${e.declaredSize} bytes; the limit is ${limits.maxEntryBytes}`,
        `Thành phần ${e.name} của tệp .xlsx giải nén ra ${e.declaredSize} byte, tối đa ${limits.maxEntryBytes}`,
      );
    declaredTotal += e.declaredSize;
  }
  if (declaredTotal > limits.maxTotalBytes)
    return problem(
      'FILE_EXPANDS_TOO_MUCH',
      `The .xlsx file expands to ${declaredTotal} bytes; the limit is ${limits.maxTotalBytes}`,
      `Tệp .xlsx giải nén ra ${declaredTotal} byte, tối đa ${limits.maxTotalBytes}`,
    );

  let rows = 0;
  let cells = 0;
  let total = 0;
  for (const e of entries) {
    if (!COUNTED.test(e.name)) continue;
    const counter = new XmlCounter();
    const worksheet = WORKSHEET.test(e.name);
    let broken: PlanFileBoundProblem | undefined;
    const result = await streamEntry(buffer, e, e.declaredSize, (chunk) => {
      counter.feed(chunk, worksheet);
      if (rows + counter.rows > limits.maxRows)
        broken = problem(
          'FILE_TOO_MANY_ROWS',
          `The file has more than ${limits.maxRows} rows`,
          `Tệp có quá ${limits.maxRows} dòng`,
        );
      else if (cells + counter.cells > limits.maxCells)
        broken = problem(
          'FILE_TOO_MANY_CELLS',
          `The file has more than ${limits.maxCells} cells`,
          `Tệp có quá ${limits.maxCells} ô`,
        );
      else if (counter.longestText > limits.maxTextBytes)
        broken = problem(
          'FILE_TEXT_TOO_LONG',
          `The .xlsx part ${e.name} holds a text longer than a cell can (32,767 characters)`,
          `Thành phần ${e.name} có đoạn văn bản dài hơn một ô cho phép (32.767 ký tự)`,
        );
      return broken === undefined;
    });
    if (broken) return broken;
    if (result === 'corrupt')
      return problem(
        'FILE_CORRUPT',
        `The .xlsx part ${e.name} cannot be decompressed`,
        `Không giải nén được thành phần ${e.name} của tệp .xlsx`,
      );
    if (result.stopped || result.bytes !== e.declaredSize)
      return problem(
        'FILE_ENTRY_SIZE_MISMATCH',
        `The .xlsx part ${e.name} does not expand to the size its directory declares`,
        `Thành phần ${e.name} của tệp .xlsx không khớp kích thước khai báo`,
      );
    counter.end();
    rows += counter.rows;
    cells += counter.cells;
    total += result.bytes;
    if (rows > limits.maxRows)
      return problem(
        'FILE_TOO_MANY_ROWS',
        `The file has more than ${limits.maxRows} rows`,
        `Tệp có quá ${limits.maxRows} dòng`,
      );
  }
  if (total > limits.maxTotalBytes)
    return problem(
      'FILE_EXPANDS_TOO_MUCH',
      `The .xlsx file expands to more than ${limits.maxTotalBytes} bytes`,
      `Tệp .xlsx giải nén ra quá ${limits.maxTotalBytes} byte`,
    );
  return undefined;
}

/** The first bound a .csv breaks (its records, counted outside quotes), or undefined. */
export function checkCsvBounds(
  buffer: Buffer,
  limits: PlanFileLimits = PLAN_FILE_LIMITS,
): PlanFileBoundProblem | undefined {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < buffer.length; i++) {
    const b = buffer[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted && ++records > limits.maxRows)
      return problem(
        'FILE_TOO_MANY_ROWS',
        `The file has more than ${limits.maxRows} rows`,
        `Tệp có quá ${limits.maxRows} dòng`,
      );
  }
  return undefined;
}

/** Either check, by what the bytes are. */
export function checkPlanFileBounds(
  buffer: Buffer,
  limits: PlanFileLimits = PLAN_FILE_LIMITS,
): Promise<PlanFileBoundProblem | undefined> {
  return isZip(buffer)
    ? checkXlsxBounds(buffer, limits)
    : Promise.resolve(checkCsvBounds(buffer, limits));
}
