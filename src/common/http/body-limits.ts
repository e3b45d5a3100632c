// Bounds on request bodies checked before they are parsed: JSON.parse itself copes with any
// depth, but everything after it (class-transformer, the validator, the logger) recurses, and a
// 3,000-level body overflowed the stack (500). The raw bytes are scanned once, without
// recursion; a form body is bounded by body-parser's own parameter and depth limits.

import type { IncomingMessage } from 'node:http';
import { MAX_INPUT_DEPTH } from '../validation/shape-guard';

/** Form (urlencoded) bodies: no form of this service has more than a few dozen fields. */
export const FORM_PARAMETER_LIMIT = 200;
export const FORM_DEPTH_LIMIT = 5;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in JSON text, stopping once past `limit`. */
export function jsonDepth(bytes: Uint8Array, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/** body-parser `verify` hook: refuse JSON nested deeper than the validation guard allows. */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  if (jsonDepth(body, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH)
    throw Object.assign(new Error(`The request body is nested deeper than ${MAX_INPUT_DEPTH}`), {
      status: 400,
      type: 'entity.too.deep',
    });
}
