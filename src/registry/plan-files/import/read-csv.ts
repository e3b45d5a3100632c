// CSV as agencies save it: UTF-8 with or without BOM ("CSV UTF-8" from Excel writes one),
// UTF-16 "Unicode text" (tab-separated), comma or semicolon delimiters (Excel uses ";" where
// the decimal mark is ","), quoted multi-line cells. Parsing is csv-parse's; this only picks
// the encoding and delimiter.
import { parse } from 'csv-parse/sync';
import { normalizeText } from '../../../domain/vietnamese-text';
import type { RawRow, RawSheet } from './raw-sheet';

export class CsvEncodingError extends Error {}

/** Decodes the bytes; throws CsvEncodingError for legacy encodings (e.g. Windows-1258). */
export function decodeCsv(buffer: Buffer): { text: string; utf16: boolean } {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), utf16: true };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), utf16: true };
  }
  try {
    // ignoreBOM: false → the decoder drops a UTF-8 BOM itself.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), utf16: false };
  } catch {
    throw new CsvEncodingError('not UTF-8');
  }
}

function parseRows(text: string, delimiter: string, toLine?: number): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
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

export function readCsv(buffer: Buffer): RawSheet {
  const { text, utf16 } = decodeCsv(buffer);
  const delimiter = detectDelimiter(text, utf16);
  const records = parseRows(text, delimiter);
  const rows: RawRow[] = records.map((cells, i) => ({
    rowNumber: i + 1, // one record is one row in a spreadsheet program, even if multi-line
    cells: cells.map((c) => {
      const t = normalizeText(c);
      return t === '' ? null : t;
    }),
  }));
  return { name: 'csv', rows };
}
