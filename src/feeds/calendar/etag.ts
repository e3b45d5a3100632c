// A strong validator straight from the bytes served: equal bytes ⇔ equal ETag, whatever the
// process, replica or restart. Feeds are sent uncompressed, so no per-encoding variants.
import { createHash } from 'node:crypto';

export function strongEtag(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}
