// .xlsx read as it streams: the zip's parts are inflated chunk by chunk and scanned, rows come
// out one at a time, and a sheet can be read again from the bytes (the file is in memory
// anyway). Held while reading: the shared strings some cell names (as UTF-8 bytes, decoded
// when read), the number formats, the sheets' merged ranges and one chunk of XML. Cell
// values are what a person sees: rich text joined, formula results instead of formulas,
// dates as dates; every cell of a merged range has the master's value (what a plan table
// means by merging: one "Thời gian" for several rows), marked merged-above / merged-left.
import { StringDecoder } from 'node:string_decoder';
import { normalizeText } from '../../../domain/vietnamese-text';
import type { CellValue, RawRow, TextBudget } from './raw-sheet';
import { decodeEntities, XmlScanner, XmlError, type XmlHandler } from './xml-scanner';
import { inflateEntry, readZipDirectory, ZipEntryError, type ZipEntry } from './zip-entries';

/** The file cannot be read as a workbook (damaged zip, broken XML, no workbook part). */
export class XlsxReadError extends Error {}

/** Merged cells in ranges, summed, beyond which a sheet is refused (a plan has far fewer). */
export class XlsxMergeBoundError extends Error {}

export interface XlsxSheet {
  name: string;
  /** The worksheet part, e.g. xl/worksheets/sheet1.xml. */
  part: string;
}

export interface XlsxLimits {
  /** Bytes of any one part once inflated. */
  maxPartBytes: number;
  maxEntries: number;
  /** Cells covered by merged ranges, summed over a sheet's ranges. */
  maxMergedCells: number;
}

const DEFAULT_LIMITS: XlsxLimits = {
  maxPartBytes: 64 * 2 ** 20,
  maxEntries: 2_000,
  maxMergedCells: (20_000 + 50) * 40,
};

/** exceljs's built-in number formats (the ids Excel does not write out), as it reads them. */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** A format that shows a date or time (quoted text and [..] sections aside). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** OOXML escapes characters XML cannot hold as _xHHHH_. */
function unescapeOoxml(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : text;
}

/** The string table references a shared string no pre-scan found: a misread, refused. */
class UnscannedStringError extends Error {}

/**
 * The shared strings as UTF-8 bytes end to end, with offsets: no string object per entry.
 * Only those some cell names are kept (the others take an offset, no bytes).
 */
class SharedStrings {
  private bytes: Buffer;
  private used = 0;
  private ends = new Uint32Array(1024);
  count = 0;

  /** `capacity`: the part's size, which its text cannot outgrow. */
  constructor(
    capacity: number,
    private readonly wanted?: Uint8Array,
  ) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, capacity));
  }

  add(text: string): void {
    if (this.isWanted(this.count)) {
      const need = Buffer.byteLength(text);
      if (this.used + need > this.bytes.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
        this.bytes.copy(grown, 0, 0, this.used);
        this.bytes = grown;
      }
      this.used += this.bytes.write(text, this.used);
    }
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    if (!this.isWanted(index)) throw new UnscannedStringError(`shared string ${index}`);
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }

  /** Whether a cell names string `index` (so it is kept). */
  wants(index: number): boolean {
    return this.isWanted(index);
  }

  private isWanted(index: number): boolean {
    return !this.wanted || (this.wanted[index >> 3] & (1 << (index & 7))) !== 0;
  }

  /** Drops the spare capacity once every string is in. */
  seal(): void {
    if (this.bytes.length > this.used * 1.25 + 4096)
      this.bytes = Buffer.from(this.bytes.subarray(0, this.used));
  }
}

/** The text of a shared string item: its <t> runs joined, phonetic (<rPh>) runs left out. */
function itemText(body: string): string {
  // Comments and CDATA are for the full scanner.
  if (body.includes('<!')) return scannedItemText(body);
  const runs = body.includes('rPh')
    ? body.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh\s*>/g, '')
    : body;
  const parts: string[] = [];
  const t = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t\s*>)/g;
  for (let m = t.exec(runs); m; m = t.exec(runs)) if (m[1]) parts.push(m[1]);
  return unescapeOoxml(decodeEntities(parts.join('')));
}

function scannedItemText(body: string): string {
  const parts: string[] = [];
  let inText = false;
  let phonetic = 0;
  const scanner = new XmlScanner({
    open: (name) => {
      if (name === 't' && phonetic === 0) inText = true;
      else if (name === 'rPh') phonetic++;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
    },
    text: (t) => {
      if (inText) parts.push(t);
    },
  });
  scanner.write(body);
  scanner.end();
  return unescapeOoxml(parts.join(''));
}

/** A set of small numbers, one bit each. */
class Bits {
  bytes = new Uint8Array(1024);
  add(n: number): void {
    if (n >> 3 >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, (n >> 3) + 1));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[n >> 3] |= 1 << (n & 7);
  }
}

/** Merged ranges of one sheet, by their top row; 1-based rows and columns. */
interface Merges {
  count: number;
  top: Int32Array;
  left: Int32Array;
  bottom: Int32Array;
  right: Int32Array;
}

const NO_MERGES: Merges = {
  count: 0,
  top: new Int32Array(0),
  left: new Int32Array(0),
  bottom: new Int32Array(0),
  right: new Int32Array(0),
};

/** "AB12" → column 28, row 12 (either 0 when missing). */
function cellRef(ref: string): { col: number; row: number } {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
  }
  let row = 0;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) break;
    row = row * 10 + d;
  }
  return { col, row };
}

async function scanPart(
  buffer: Buffer,
  entry: ZipEntry,
  cap: number,
  handler: XmlHandler,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  const scanner = new XmlScanner(handler);
  for await (const chunk of inflateEntry(buffer, entry, cap)) scanner.write(decoder.write(chunk));
  scanner.write(decoder.end());
  scanner.end();
}

/** Relationship targets of a part, resolved against its folder. */
function resolveTarget(folder: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${folder}${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export class XlsxWorkbook {
  /** Visible worksheets in workbook order; hidden ones are lookup lists, not plans. */
  readonly sheets: XlsxSheet[] = [];
  private readonly entries = new Map<string, ZipEntry>();
  private strings = new SharedStrings(0);
  /** Number format of each cell style (cellXfs index). */
  private formats: (string | undefined)[] = [];
  private date1904 = false;
  private readonly merges = new Map<string, Merges>();

  private constructor(
    private readonly buffer: Buffer,
    private readonly limits: XlsxLimits,
  ) {}

  static async open(buffer: Buffer, limits: Partial<XlsxLimits> = {}): Promise<XlsxWorkbook> {
    const wb = new XlsxWorkbook(buffer, { ...DEFAULT_LIMITS, ...limits });
    try {
      await wb.load();
    } catch (error) {
      if (error instanceof XmlError || error instanceof ZipEntryError)
        throw new XlsxReadError(error.message);
      throw error;
    }
    return wb;
  }

  private async load(): Promise<void> {
    const directory = readZipDirectory(this.buffer, this.limits.maxEntries);
    if (!directory.ok) throw new XlsxReadError(`zip directory: ${directory.why}`);
    for (const e of directory.entries) this.entries.set(e.name, e);

    const workbookPart = (await this.relationships('_rels/.rels', '')).find((r) =>
      r.type.endsWith('/officeDocument'),
    )?.target;
    const bookPath =
      workbookPart && this.entries.has(workbookPart) ? workbookPart : 'xl/workbook.xml';
    const book = this.entries.get(bookPath);
    if (!book) throw new XlsxReadError('no workbook part');
    const folder = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
    const rels = await this.relationships(
      `${folder}_rels/${bookPath.slice(folder.length)}.rels`,
      folder,
    );
    const byId = new Map(rels.map((r) => [r.id, r]));

    const declared: { name: string; state?: string; rel?: string; sheetId?: string }[] = [];
    await this.scan(book, {
      open: (name, a) => {
        if (name === 'workbookPr') this.date1904 = a.date1904 === '1' || a.date1904 === 'true';
        if (name === 'sheet') {
          const rel = Object.entries(a).find(([k]) => /(^|:)id$/.test(k))?.[1];
          declared.push({ name: a.name ?? '', state: a.state, rel, sheetId: a.sheetId });
        }
      },
      close: () => undefined,
      text: () => undefined,
    });
    for (const s of declared) {
      if (s.state && s.state !== 'visible') continue;
      // Without its relationship, the part Excel would have written for it.
      const part =
        (s.rel ? byId.get(s.rel)?.target : undefined) ??
        `${folder}worksheets/sheet${s.sheetId}.xml`;
      if (this.entries.has(part)) this.sheets.push({ name: s.name, part });
    }

    const styles = rels.find((r) => r.type.endsWith('/styles'))?.target ?? `${folder}styles.xml`;
    if (this.entries.has(styles)) await this.loadStyles(this.entries.get(styles)!);
    // The sheets' merged ranges, and which shared strings their cells name: only those are kept.
    const named = new Bits();
    for (const sheet of this.sheets) await this.prescan(sheet, named);
    const shared =
      rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? `${folder}sharedStrings.xml`;
    if (this.entries.has(shared))
      await this.loadSharedStrings(this.entries.get(shared)!, named.bytes);
  }

  private scan(entry: ZipEntry, handler: XmlHandler): Promise<void> {
    return scanPart(this.buffer, entry, this.limits.maxPartBytes, handler);
  }

  private async relationships(
    path: string,
    folder: string,
  ): Promise<{ id: string; type: string; target: string }[]> {
    const entry = this.entries.get(path);
    if (!entry) return [];
    const out: { id: string; type: string; target: string }[] = [];
    await this.scan(entry, {
      open: (name, a) => {
        if (name === 'Relationship' && a.Target && a.TargetMode !== 'External')
          out.push({ id: a.Id, type: a.Type ?? '', target: resolveTarget(folder, a.Target) });
      },
      close: () => undefined,
      text: () => undefined,
    });
    return out;
  }

  private async loadStyles(entry: ZipEntry): Promise<void> {
    const custom = new Map<number, string>();
    const xfs: number[] = [];
    let inCellXfs = false;
    await this.scan(entry, {
      open: (name, a) => {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text: () => undefined,
    });
    this.formats = xfs.map((id) => (id ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined));
  }

  /**
   * Fills the string table. Items are cut out of the part's text by their tags, and only
   * those a cell names are parsed (their <t> runs joined, phonetic runs left out): a table of
   * strings no cell names costs one pass over its text and no objects.
   */
  private async loadSharedStrings(entry: ZipEntry, wanted: Uint8Array): Promise<void> {
    const strings = new SharedStrings(
      Math.min(entry.declaredSize, this.limits.maxPartBytes),
      wanted,
    );
    this.strings = strings;
    const open = /<(?:[\w.-]+:)?si(?=[\s>/])/g;
    const close = /<\/(?:[\w.-]+:)?si\s*>/g;
    const decoder = new StringDecoder('utf8');
    let carry = '';
    const take = (text: string, final: boolean) => {
      let at = 0;
      for (;;) {
        open.lastIndex = at;
        const o = open.exec(text);
        if (!o) {
          at = final ? text.length : Math.max(at, text.length - 16);
          break;
        }
        const bodyStart = text.indexOf('>', o.index);
        if (bodyStart < 0) {
          at = o.index;
          break;
        }
        if (text.charCodeAt(bodyStart - 1) === 0x2f /* <si/> */) {
          strings.add('');
          at = bodyStart + 1;
          continue;
        }
        close.lastIndex = bodyStart + 1;
        const c = close.exec(text);
        if (!c) {
          at = o.index;
          break;
        }
        strings.add(
          strings.wants(strings.count) ? itemText(text.slice(bodyStart + 1, c.index)) : '',
        );
        at = c.index + c[0].length;
      }
      carry = text.slice(at);
      if (carry.length > 4 * 2 ** 20) throw new XmlError('a shared string too long');
    };
    for await (const chunk of inflateEntry(this.buffer, entry, this.limits.maxPartBytes))
      take(carry + decoder.write(chunk), false);
    take(carry + decoder.end(), true);
    strings.seal();
  }

  /**
   * Reads a sheet's part once without parsing it: its merged ranges (they follow the rows, so
   * the rows cannot wait for them) and the shared strings its cells name.
   */
  private async prescan(sheet: XlsxSheet, named: Bits): Promise<void> {
    const found: number[][] = [];
    let area = 0;
    const merge =
      /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z]+\d+)(?::([A-Za-z]+\d+))?["']/g;
    const sharedCell =
      /<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']s["'][^>]*>\s*<(?:[\w.-]+:)?v>\s*(\d+)\s*</g;
    let carry = '';
    for await (const chunk of inflateEntry(
      this.buffer,
      this.entries.get(sheet.part)!,
      this.limits.maxPartBytes,
    )) {
      const text = carry + chunk.toString('latin1');
      let lastEnd = 0;
      sharedCell.lastIndex = 0;
      for (let m = sharedCell.exec(text); m; m = sharedCell.exec(text)) {
        named.add(Number(m[1]));
        lastEnd = sharedCell.lastIndex - 1;
      }
      if (text.includes('mergeCell')) {
        merge.lastIndex = 0;
        for (let m = merge.exec(text); m; m = merge.exec(text)) {
          const a = cellRef(m[1]);
          const b = m[2] ? cellRef(m[2]) : a;
          const range = [
            Math.min(a.row, b.row),
            Math.min(a.col, b.col),
            Math.max(a.row, b.row),
            Math.max(a.col, b.col),
          ];
          area += (range[2] - range[0] + 1) * (range[3] - range[1] + 1);
          if (area > this.limits.maxMergedCells)
            throw new XlsxMergeBoundError(
              `merged ranges cover more than ${this.limits.maxMergedCells} cells`,
            );
          if (range[0] > 0 && range[1] > 0) found.push(range);
          lastEnd = Math.max(lastEnd, merge.lastIndex);
        }
      }
      // A cell or range cut by the chunk's end is read with the next chunk (a cell from its
      // start: its value may be in the next chunk).
      const cell = text.lastIndexOf('<');
      const open = text.lastIndexOf('<c', cell);
      carry = text.slice(Math.max(lastEnd, open >= 0 && cell - open < 256 ? open : cell));
      if (carry.length > 65_536) carry = carry.slice(-256);
    }
    found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    this.merges.set(
      sheet.part,
      found.length
        ? {
            count: found.length,
            top: Int32Array.from(found, (r) => r[0]),
            left: Int32Array.from(found, (r) => r[1]),
            bottom: Int32Array.from(found, (r) => r[2]),
            right: Int32Array.from(found, (r) => r[3]),
          }
        : NO_MERGES,
    );
  }

  /**
   * The sheet's rows with a value (or in a merged range), in order, read afresh from the
   * bytes. `budget` counts the text of the cells as they come (shared strings as often as
   * cells name them) and throws past its limit, so a row is never built beyond it.
   */
  async *rows(sheet: XlsxSheet, budget?: TextBudget): AsyncGenerator<RawRow> {
    const merges = this.merges.get(sheet.part) ?? NO_MERGES;
    const reader = new SheetReader(this.strings, this.formats, this.date1904, merges, budget);
    const decoder = new StringDecoder('utf8');
    const scanner = new XmlScanner(reader);
    try {
      for await (const chunk of inflateEntry(
        this.buffer,
        this.entries.get(sheet.part)!,
        this.limits.maxPartBytes,
      )) {
        scanner.write(decoder.write(chunk));
        yield* reader.take();
      }
      scanner.write(decoder.end());
      scanner.end();
      reader.finish();
      yield* reader.take();
    } catch (error) {
      if (
        error instanceof XmlError ||
        error instanceof ZipEntryError ||
        error instanceof UnscannedStringError
      )
        throw new XlsxReadError(error.message);
      throw error;
    }
  }
}

/** The state of one worksheet part as it streams: the open row and cell, merges in force. */
class SheetReader implements XmlHandler {
  private ready: RawRow[] = [];
  private inSheetData = false;
  private row: { number: number; cells: CellValue[]; formats?: (string | undefined)[] } | null =
    null;
  private lastRow = 0;
  private lastCol = 0;
  private cell: { col: number; type?: string; style: number; formula: boolean } | null = null;
  private value: string[] | null = null;
  private inline: string[] | null = null;
  private inInlineText = false;
  private phonetic = 0;
  // Merged ranges: the next one to come into force, those in force, their master's value.
  private nextMerge = 0;
  private active: number[] = [];
  private readonly masters = new Map<number, { value: CellValue; format?: string }>();

  constructor(
    private readonly strings: SharedStrings,
    private readonly formats: (string | undefined)[],
    private readonly date1904: boolean,
    private readonly merges: Merges,
    private readonly budget?: TextBudget,
  ) {}

  take(): RawRow[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  open(name: string, a: Record<string, string>): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = true;
        return;
      case 'row': {
        if (!this.inSheetData) return;
        const n = a.r ? Number(a.r) : this.lastRow + 1;
        this.emitMergedRowsBefore(n);
        this.row = { number: n, cells: [] };
        this.lastCol = 0;
        return;
      }
      case 'c': {
        if (!this.row) return;
        const ref = a.r ? cellRef(a.r) : undefined;
        const col = ref?.col ? ref.col : this.lastCol + 1;
        this.cell = { col, type: a.t, style: a.s ? Number(a.s) : 0, formula: false };
        this.value = null;
        this.inline = null;
        return;
      }
      case 'v':
        if (this.cell) this.value = [];
        return;
      case 'f':
        if (this.cell) this.cell.formula = true;
        return;
      case 'is':
        if (this.cell) this.inline = [];
        return;
      case 'rPh':
        this.phonetic++;
        return;
      case 't':
        if (this.inline && this.phonetic === 0) this.inInlineText = true;
        return;
    }
  }

  text(t: string): void {
    if (this.inInlineText) this.inline!.push(t);
    else if (this.value) this.value.push(t);
  }

  close(name: string): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = false;
        return;
      case 'v':
        if (this.value) this.cellValue = this.value.join('');
        this.value = null;
        return;
      case 't':
        this.inInlineText = false;
        return;
      case 'rPh':
        this.phonetic--;
        return;
      case 'c':
        if (this.cell && this.row) this.endCell();
        this.cell = null;
        this.cellValue = undefined;
        this.inline = null;
        return;
      case 'row':
        if (this.row) this.endRow();
        this.row = null;
        return;
    }
  }

  private cellValue: string | undefined;

  private endCell(): void {
    const c = this.cell!;
    const row = this.row!;
    this.lastCol = c.col;
    const format = this.formats[c.style];
    let value: CellValue = null;
    const v = this.cellValue;
    if (c.formula) {
      if (v !== undefined) {
        if (c.type === 'str') value = this.textValue(v);
        else if (c.type === 'b') value = Number(v) !== 0 ? 'TRUE' : 'FALSE';
        else if (c.type !== 'e') value = this.numberValue(v, format);
      }
    } else if (c.type === 'inlineStr') {
      if (this.inline) value = this.textValue(unescapeOoxml(this.inline.join('')));
    } else if (v !== undefined) {
      switch (c.type) {
        case 's': {
          const s = this.strings.get(Number(v));
          value = s === undefined ? null : this.textValue(s);
          break;
        }
        case 'str':
          value = this.textValue(v);
          break;
        case 'b':
          value = Number(v) !== 0 ? 'TRUE' : 'FALSE';
          break;
        case 'e':
          break;
        case 'd': {
          const d = new Date(v);
          value = Number.isNaN(d.getTime()) ? null : d;
          break;
        }
        default:
          value = this.numberValue(v, format);
      }
    }
    if (value === null) return;
    row.cells[c.col - 1] = value;
    if (value instanceof Date) (row.formats ??= [])[c.col - 1] = format;
  }

  private textValue(s: string): CellValue {
    this.budget?.spend(s.length);
    return normalizeText(s) || null;
  }

  private numberValue(v: string, format: string | undefined): CellValue {
    const n = parseFloat(v);
    if (Number.isNaN(n)) return null;
    return isDateFormat(format) ? excelDate(n, this.date1904) : n;
  }

  private endRow(): void {
    const { number, cells, formats } = this.row!;
    this.lastRow = number;
    this.push(number, cells, formats);
  }

  /** Brings merges starting by `row` into force and drops those that ended before it. */
  private advance(row: number): void {
    const m = this.merges;
    while (this.nextMerge < m.count && m.top[this.nextMerge] <= row)
      this.active.push(this.nextMerge++);
    if (this.active.some((k) => m.bottom[k] < row)) {
      this.active = this.active.filter((k) => {
        if (m.bottom[k] >= row) return true;
        this.masters.delete(k);
        return false;
      });
    }
  }

  /** Rows missing from the part but lying in a merged range exist (a spreadsheet shows them). */
  private emitMergedRowsBefore(next: number): void {
    const m = this.merges;
    let g = this.lastRow + 1;
    while (g < next) {
      this.advance(g);
      if (this.active.some((k) => g > m.top[k] || m.right[k] > m.left[k])) {
        this.push(g, [], undefined);
        g++;
      } else if (this.active.length > 0) g++;
      else if (this.nextMerge < m.count) g = Math.max(g + 1, m.top[this.nextMerge]);
      else break;
    }
  }

  /** The end of the part: rows still to come of merged ranges. */
  finish(): void {
    const m = this.merges;
    let last = this.lastRow;
    for (let k = 0; k < m.count; k++) if (m.bottom[k] > last) last = m.bottom[k];
    this.emitMergedRowsBefore(last + 1);
  }

  private push(number: number, cells: CellValue[], formats: (string | undefined)[] | undefined) {
    this.advance(number);
    let mergedAbove: boolean[] | undefined;
    let mergedLeft: boolean[] | undefined;
    const m = this.merges;
    for (const k of this.active) {
      const top = m.top[k];
      const left = m.left[k];
      if (number === top && !this.masters.has(k)) {
        const value = cells[left - 1] ?? null;
        this.masters.set(k, { value, format: formats?.[left - 1] });
      }
      const master = this.masters.get(k) ?? { value: null };
      for (let c = left; c <= m.right[k]; c++) {
        if (number === top && c === left) continue;
        if (typeof master.value === 'string') this.budget?.spend(master.value.length);
        cells[c - 1] = master.value;
        if (master.value instanceof Date) (formats ??= [])[c - 1] = master.format;
        else if (formats) formats[c - 1] = undefined;
        if (number > top) (mergedAbove ??= [])[c - 1] = true;
        if (c > left) (mergedLeft ??= [])[c - 1] = true;
      }
    }
    let any = mergedAbove !== undefined || mergedLeft !== undefined;
    let dated = false;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === undefined) cells[i] = null;
      else if (v !== null) {
        any = true;
        if (v instanceof Date) dated = true;
      }
    }
    if (!any) return;
    const dateFormats = dated ? (formats ?? []) : undefined;
    this.ready.push({
      rowNumber: number,
      cells,
      ...(mergedAbove && { mergedAbove }),
      ...(mergedLeft && { mergedLeft }),
      ...(dateFormats && { dateFormats }),
    });
  }
}
