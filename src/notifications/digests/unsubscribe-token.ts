// Unsubscribe links: `<payload>.<signature>`, both base64url; the payload names the account
// and the digest, the signature is HMAC-SHA256 under the deployment's key. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DIGEST_KINDS, DigestKind } from './preferences';

export interface UnsubscribeClaim {
  accountId: string;
  digest: DigestKind;
}

function sign(payload: string, key: string): string {
  return createHmac('sha256', key).update(`unsubscribe:${payload}`).digest('base64url');
}

export function unsubscribeToken(claim: UnsubscribeClaim, key: string): string {
  const payload = Buffer.from(JSON.stringify({ a: claim.accountId, d: claim.digest })).toString(
    'base64url',
  );
  return `${payload}.${sign(payload, key)}`;
}

/** The claim, or null when the token is malformed or its signature is not ours. */
export function verifyUnsubscribeToken(token: string, key: string): UnsubscribeClaim | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { a, d } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      a: unknown;
      d: unknown;
    };
    if (typeof a !== 'string' || !DIGEST_KINDS.includes(d as DigestKind)) return null;
    return { accountId: a, digest: d as DigestKind };
  } catch {
    return null;
  }
}
