// Content-Disposition for downloads: a plain ASCII `filename` every client reads, plus the
// RFC 5987 / RFC 6266 `filename*` (UTF-8, percent-encoded) when the name is not plain ASCII,
// so that "kế-hoạch.xlsx" arrives intact in browsers and "ke-hoach.xlsx" elsewhere.

const PLAIN = /^[\x20-\x7e]*$/;

/** The name without diacritics (đ → d), anything else outside printable ASCII as "_". */
function asciiFallback(filename: string): string {
  return filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
}

/** encodeURIComponent minus what RFC 5987's attr-char allows unescaped, plus ' ( ) *. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function attachmentDisposition(filename: string): string {
  const name = filename.normalize('NFC');
  const fallback = asciiFallback(name);
  if (PLAIN.test(name) && fallback === name) return `attachment; filename="${name}"`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
