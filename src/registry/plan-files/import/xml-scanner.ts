// A small push scanner for the XML of an .xlsx (SpreadsheetML): start and end tags with their
// attributes, and text, fed chunk by chunk, so a part of any size is read holding one chunk.
// Namespace prefixes are dropped from element names ("x:row" is "row"); the five entities and
// character references are decoded; comments, processing instructions and CDATA are handled.
// A DOCTYPE is refused: no part of an .xlsx has one, and its entities could expand.

export class XmlError extends Error {}

export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/** Longest markup or text held while waiting for its end (a cell's text is at most 32,767). */
const MAX_PENDING = 4 * 2 ** 20;

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex: string, dec: string, name: string) => {
    if (name) return NAMED[name];
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export class XmlScanner {
  private pending = '';

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const buf = this.pending ? this.pending + chunk : chunk;
    let i = 0;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) break;
      if (lt > i) this.handler.text(decodeEntities(buf.slice(i, lt)));
      i = lt;
      const next = buf.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) break;
          i = end + 3;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) break;
          this.handler.text(buf.slice(lt + 9, end));
          i = end + 3;
        } else if (lt + 9 > buf.length) break;
        else throw new XmlError('a DOCTYPE or declaration inside the part');
        continue;
      }
      if (next === 0x3f /* ? */) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        i = end + 2;
        continue;
      }
      const gt = tagEnd(buf, lt + 1);
      if (gt < 0) break;
      this.tag(buf.slice(lt + 1, gt));
      i = gt + 1;
    }
    this.pending = buf.slice(i);
    if (this.pending.length > MAX_PENDING) throw new XmlError('markup or text too long');
  }

  /** The part ended: what is left must be text outside any markup. */
  end(): void {
    if (this.pending.includes('<')) throw new XmlError('the part ends inside markup');
    this.pending = '';
  }

  private tag(body: string): void {
    if (body.charCodeAt(0) === 0x2f /* / */) {
      this.handler.close(localName(body.slice(1).trim()));
      return;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    if (selfClosing) body = body.slice(0, -1);
    let n = 0;
    while (n < body.length && !isSpace(body.charCodeAt(n))) n++;
    const name = localName(body.slice(0, n));
    const attrs: Record<string, string> = {};
    if (n < body.length) {
      ATTRIBUTE.lastIndex = n;
      for (let m = ATTRIBUTE.exec(body); m; m = ATTRIBUTE.exec(body))
        attrs[m[1]] = decodeEntities(m[2] ?? m[3]);
    }
    this.handler.open(name, attrs, selfClosing);
    if (selfClosing) this.handler.close(name);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the '>' closing the tag that starts at `from`, quotes honoured; -1 if not yet. */
function tagEnd(buf: string, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
  }
  return -1;
}
