// A sheet typed in TCVN3 or VNI is converted as a whole: detection reads all its text
// (one cell is too short to tell), and every text cell and the sheet name are converted.
import { normalizeText } from '../../../domain/vietnamese-text';
import { detectLegacyEncoding, legacyToUnicode } from './legacy-encoding';
import type { RawSheet } from './raw-sheet';

export function convertLegacyText(sheet: RawSheet): RawSheet {
  const sample: string[] = [];
  let size = 0;
  for (const row of sheet.rows) {
    for (const c of row.cells) {
      if (typeof c === 'string') {
        sample.push(c);
        size += c.length;
      }
    }
    if (size > 200_000) break; // enough to judge; keeps a huge file's detection cheap
  }
  const encoding = detectLegacyEncoding(sample.join('\n'));
  if (!encoding) return sheet;
  const convert = (t: string) => normalizeText(legacyToUnicode(t, encoding));
  return {
    name: convert(sheet.name),
    convertedFrom: encoding,
    rows: sheet.rows.map((r) => ({
      ...r,
      cells: r.cells.map((c) => (typeof c === 'string' ? convert(c) : c)),
    })),
  };
}
