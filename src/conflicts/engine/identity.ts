// Conflict identity and the parent rule. Both must be stable across runs, replicas and input
// order: the service upserts conflicts by this id, which is what makes detection idempotent
// and two simultaneous writers produce the conflict exactly once.
import * as crypto from 'node:crypto';

/**
 * The parent enterprise of a tax code: its first 10 characters. A branch 'NNNNNNNNNN-NNN'
 * (or the same 13 digits without the dash) counts with its parent. Deliberately
 * check-digit-free, unlike domain/tax-code's parentTaxCode which validates and throws:
 * codes are validated once at write time by the registry, and a re-scan must neither throw
 * on a legacy record nor pay a regex per inspection. For valid codes both agree.
 */
export function parentOf(taxCode: string): string {
  return taxCode.length === 10 ? taxCode : taxCode.slice(0, 10);
}

/** `${ruleId}:${sha1(sorted ids joined by ',')}`; `sortedIds` must already be sorted. */
export function conflictIdOfSorted(ruleId: string, sortedIds: readonly string[]): string {
  return `${ruleId}:${sha1Hex(sortedIds.join(','))}`;
}

// One-shot crypto.hash (Node ≥ 20.12) skips a Hash object per conflict, which matters at 10^5
// conflicts; createHash gives the same digest where it is missing.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash;
function sha1Hex(data: string): string {
  return oneShot
    ? oneShot('sha1', data, 'hex')
    : crypto.createHash('sha1').update(data).digest('hex');
}

/** The deterministic conflict id of a rule broken by these inspections (any order). */
export function conflictId(ruleId: string, inspectionIds: readonly string[]): string {
  return conflictIdOfSorted(ruleId, [...inspectionIds].sort(compareIds));
}

/** Plain code-unit order, the same in every JS engine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
