// CSV/formula injection: a cell that starts with = + - @ (or their full-width forms, which
// some Excel locales also accept), ; or | (LibreOffice and DDE payloads in locales whose list
// separator is ;) or a tab/CR/LF can be run as a formula when the file is
// opened or re-saved. Policy: prefix such text with an apostrophe, in CSV and xlsx alike
// (OWASP's advice; Excel shows the text, not a formula). The importer drops exactly that
// apostrophe again, so export → import gives back the original text.

const DANGEROUS_START = /^[=+\-@;|\t\r\n＝＋－＠；｜]/;

export function neutraliseFormula(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}
