// CSV as agencies save it: UTF-8 with or without BOM ("CSV UTF-8" from Excel writes one),
// UTF-16 "Unicode text" (tab-separated), comma or semicolon delimiters (Excel uses ";" where
// the decimal mark is ","), quoted multi-line cells. Parsing is csv-parse's; this only picks
// the encoding and delimiter. Records stream out of the parser one by one (the decoded text
// is the only copy of the file held).
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { normalizeText } from '../../../domain/vietnamese-text';
import { legacyScores, legacyToUnicode } from './legacy-encoding';
import type { RawRow, RawSheet, SheetSource, TextBudget } from './raw-sheet';
import { drained } from './streams';

export class CsvEncodingError extends Error {}

export type CsvEncoding = 'UTF-8' | 'UTF-16' | 'Windows-1258' | 'TCVN3' | 'VNI';

/**
 * Decodes the bytes. UTF-16 by its BOM (or, without one, by the zero bytes of ASCII text);
 * UTF-8 when the bytes are valid UTF-8; else an 8-bit Vietnamese code page: TCVN3 or VNI
 * when the text shows their letters, Windows-1258 otherwise (its tone marks are combining
 * characters, composed here to NFC).
 */
export function decodeCsv(buffer: Buffer): { text: string; utf16: boolean; encoding: CsvEncoding } {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(buffer.subarray(2)),
      utf16: true,
      encoding: 'UTF-16',
    };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(buffer.subarray(2)),
      utf16: true,
      encoding: 'UTF-16',
    };
  }
  const head = buffer.subarray(0, 4096);
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2) oddZeros++;
    else evenZeros++;
  }
  if (head.length >= 8 && (oddZeros > head.length / 4 || evenZeros > head.length / 4)) {
    const le = oddZeros > evenZeros;
    return {
      text: new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(buffer),
      utf16: true,
      encoding: 'UTF-16',
    };
  }
  try {
    // ignoreBOM: false → the decoder drops a UTF-8 BOM itself.
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(buffer),
      utf16: false,
      encoding: 'UTF-8',
    };
  } catch {
    // not UTF-8: an 8-bit code page
  }
  // Windows-1258 writes a tone as a combining mark after its vowel; TCVN3 and VNI have their
  // own tell-tale letters. The strongest evidence wins; Windows-1258 on a tie.
  const latin = new TextDecoder('windows-1252').decode(buffer);
  const raw1258 = new TextDecoder('windows-1258').decode(buffer);
  const cp1258 =
    raw1258.match(/[a-zA-Z\u00c0-\u01b0][\u0300\u0301\u0303\u0309\u0323]/g)?.length ?? 0;
  const legacy = legacyScores(latin);
  const best = legacy.TCVN3 >= legacy.VNI ? 'TCVN3' : 'VNI';
  if (legacy[best] >= 2 && legacy[best] > cp1258)
    return { text: legacyToUnicode(latin, best), utf16: false, encoding: best };
  const vn = raw1258.normalize('NFC');
  // C1 control characters are bytes the code page leaves undefined: not a text file of ours.
  if (/[\u0080-\u009f\ufffd]/.test(vn)) throw new CsvEncodingError('unknown encoding');
  return { text: vn, utf16: false, encoding: 'Windows-1258' };
}

const PARSE_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  trim: false,
} as const;

function parseRows(text: string, delimiter: string, toLine?: number): string[][] {
  return parse(text, {
    delimiter,
    ...PARSE_OPTIONS,
    ...(toLine ? { to_line: toLine } : {}),
  }) as string[][];
}

/**
 * Chooses the delimiter that splits the first lines into the most columns consistently:
 * the score is the column count of the widest of the first 20 records, which is the header
 * or a data row — title lines above it have one cell whatever the delimiter.
 */
export function detectDelimiter(text: string, utf16: boolean): string {
  const candidates = utf16 ? ['\t', ',', ';'] : [',', ';', '\t'];
  // The first 64 KB are plenty for 20 records, and keep detection off the whole file.
  const head =
    text.length > 65_536 ? text.slice(0, text.lastIndexOf('\n', 65_536) + 1 || 65_536) : text;
  let best = candidates[0];
  let bestScore = -1;
  for (const d of candidates) {
    let score = 0;
    try {
      for (const r of parseRows(head, d, 20))
        score = Math.max(score, r.filter((c) => c.trim() !== '').length);
    } catch {
      continue;
    }
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function toRow(cells: string[], index: number): RawRow {
  return {
    rowNumber: index + 1, // one record is one row in a spreadsheet program, even if multi-line
    cells: cells.map((c) => {
      const t = normalizeText(c);
      return t === '' ? null : t;
    }),
  };
}

const convertedFrom = (encoding: CsvEncoding) =>
  encoding !== 'UTF-8' && encoding !== 'UTF-16' ? encoding : undefined;

export function readCsv(buffer: Buffer): RawSheet {
  const { text, utf16, encoding } = decodeCsv(buffer);
  const rows = parseRows(text, detectDelimiter(text, utf16)).map(toRow);
  const from = convertedFrom(encoding);
  return { name: 'csv', rows, ...(from && { convertedFrom: from }) };
}

/** Slices of the text, never cutting a surrogate pair. */
function* slices(text: string, size = 65_536): Generator<string> {
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + size);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
    yield text.slice(i, end);
    i = end;
  }
}

/**
 * The CSV as a one-sheet source: decoded once here to learn the encoding and delimiter
 * (throws CsvEncodingError), then again at each read, records parsed as they are read.
 */
export function openCsv(buffer: Buffer): SheetSource {
  const first = decodeCsv(buffer);
  const delimiter = detectDelimiter(first.text, first.utf16);
  const from = convertedFrom(first.encoding);
  return {
    sheets: [{ name: 'csv' }],
    legacyFonts: false,
    ...(from && { convertedFrom: from }),
    async *rows(_sheet: number, budget?: TextBudget) {
      const { text } = decodeCsv(buffer);
      const parser = parseStream({ delimiter, ...PARSE_OPTIONS });
      const feed = async () => {
        for (const part of slices(text)) {
          if (parser.destroyed) return;
          if (!parser.write(part)) await drained(parser);
        }
        if (!parser.destroyed) parser.end();
      };
      feed().catch((error: unknown) => parser.destroy(error as Error));
      let index = 0;
      try {
        for await (const cells of parser as AsyncIterable<string[]>) {
          if (budget) for (const c of cells) budget.spend(c.length);
          yield toRow(cells, index++);
        }
      } finally {
        parser.destroy();
      }
    },
  };
}
