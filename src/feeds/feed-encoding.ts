import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/**
 * Does the client take gzip (Accept-Encoding, RFC 9110 §12.5.3)? `gzip` or `*` with a q
 * above 0; an explicit `gzip;q=0` refuses it even when `*` would allow it.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (name === 'gzip' || name === 'x-gzip') gzipQ = weight;
    else if (name === '*') anyQ = weight;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

/** The gzip representation's entity tag: its own, derived from the identity one. */
export function gzipEtag(etag: string): string {
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-gz"` : `${etag}-gz`;
}

/**
 * Gzipped bytes per rendered feed body, made once however many subscribers ask for them
 * (the body object is the cache key, so a new render drops the old entry with it).
 */
export class GzipCache {
  private readonly zipped = new WeakMap<Buffer, Promise<Buffer>>();

  of(body: Buffer): Promise<Buffer> {
    let pending = this.zipped.get(body);
    if (!pending) {
      pending = gzip(body, { level: 6 });
      this.zipped.set(body, pending);
      pending.catch(() => this.zipped.delete(body));
    }
    return pending;
  }
}
