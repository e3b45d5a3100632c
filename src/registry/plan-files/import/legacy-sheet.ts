// A sheet typed in TCVN3 or VNI is converted as a whole: detection reads the sheet's text
// (one cell is too short to tell) up to a sample, and every text cell and the sheet name are
// converted. The sample is the sheet's first rows, so a streamed sheet is judged on them.
import { normalizeText } from '../../../domain/vietnamese-text';
import { detectLegacyEncoding, legacyToUnicode, type LegacyEncoding } from './legacy-encoding';
import type { RawRow, RawSheet } from './raw-sheet';

/** Characters of text enough to judge a sheet's encoding (keeps a huge file's detection cheap). */
const SAMPLE_CHARS = 200_000;

/** The text of a sheet's first rows, gathered until it is enough to judge the encoding. */
export class LegacySample {
  private readonly texts: string[] = [];
  private size = 0;

  /** Adds a row's text; true once the sample is complete. */
  add(row: RawRow): boolean {
    for (const c of row.cells) {
      if (typeof c === 'string') {
        this.texts.push(c);
        this.size += c.length;
      }
    }
    return this.full;
  }

  get full(): boolean {
    return this.size > SAMPLE_CHARS;
  }

  encoding(): LegacyEncoding | null {
    return detectLegacyEncoding(this.texts.join('\n'));
  }
}

export function convertLegacyRow(row: RawRow, encoding: LegacyEncoding): RawRow {
  return {
    ...row,
    cells: row.cells.map((c) => (typeof c === 'string' ? convertLegacy(c, encoding) : c)),
  };
}

export function convertLegacy(text: string, encoding: LegacyEncoding): string {
  return normalizeText(legacyToUnicode(text, encoding));
}

export function convertLegacyText(sheet: RawSheet): RawSheet {
  const sample = new LegacySample();
  for (const row of sheet.rows) if (sample.add(row)) break;
  const encoding = sample.encoding();
  if (!encoding) return sheet;
  return {
    name: convertLegacy(sheet.name, encoding),
    convertedFrom: encoding,
    rows: sheet.rows.map((r) => convertLegacyRow(r, encoding)),
  };
}
