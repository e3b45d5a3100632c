// A per-row key for a unique index, so re-importing the same file creates no duplicates.
// Everything that identifies "the same planned inspection" goes in, normalised so that
// cosmetic differences (case, diacritic encoding, spaces, the row's position) do not count.
import { createHash } from 'node:crypto';
import type { DayWindow } from '../../../domain/calendar-day';
import { normalizeLine } from '../../../domain/vietnamese-text';

export interface IdempotencyKeyInput {
  agencyCode: string;
  year: number;
  taxCode: string;
  type: string;
  field: string;
  window: DayWindow;
  content: string;
}

/** sha256 hex (64 chars) of the normalised parts, versioned so the recipe can change. */
export function inspectionIdempotencyKey(input: IdempotencyKeyInput): string {
  const parts = [
    'v1',
    normalizeLine(input.agencyCode).toUpperCase(),
    String(input.year),
    input.taxCode.replace(/\s+/g, ''),
    input.type,
    input.field,
    input.window.from,
    input.window.to,
    // Plain toLowerCase: Vietnamese has no locale-specific case rules, and ICU's is slower.
    normalizeLine(input.content).toLowerCase(),
  ];
  // JSON keeps the parts apart whatever they contain.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
