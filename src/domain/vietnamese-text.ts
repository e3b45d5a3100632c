// Text normalisation for Vietnamese input. Files from macOS or some Windows tools carry NFD
// (decomposed) diacritics, so everything is NFC-normalised before it is stored or compared.

const NEEDS_SPACING_WORK = /[\r\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]| [ \n]|\n |^\s|\s$/;

/** NFC, non-breaking and odd spaces to plain spaces, CRLF to LF, trimmed; inner newlines kept. */
export function normalizeText(value: string): string {
  // Fast path for the common cell: nothing but NFC to do (imports run this on every cell).
  if (!NEEDS_SPACING_WORK.test(value)) return value.normalize('NFC');
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Like normalizeText but on one line: every whitespace run becomes one space. */
export function normalizeLine(value: string): string {
  return normalizeText(value).replace(/\s+/g, ' ');
}

/**
 * A matching key: no diacritics (đ → d), lower case, punctuation to spaces, single spaces.
 * "Mã số  thuế\n(MST)" → "ma so thue mst". For comparing, never for storing.
 */
export function foldForMatch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
