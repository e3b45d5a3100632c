// Whether a stored inspection can be read by the engine and the exports at all. Validation
// keeps bad shapes out now, but records from before it (`window: []` stored {from: null,
// to: null}) or written by hand must not break every request that meets them: readers skip
// them, log them and count them in their answer.
import { isCalendarDay } from '../../domain/calendar-day';
import { INSPECTION_FORMS, INSPECTION_TYPES } from '../../domain/vocabulary';
import type { DetectionRecord } from './inspection';

const isWindow = (w: unknown): boolean => {
  const v = w as { from?: unknown; to?: unknown } | null | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    isCalendarDay(v.from) &&
    isCalendarDay(v.to) &&
    v.from <= v.to
  );
};

/** Why the record cannot be used, or undefined when it can. */
export function unsoundReason(i: DetectionRecord): string | undefined {
  if (!isWindow(i.window)) return 'window is not a {from, to} of calendar days';
  if (i.adHocScope !== undefined && i.adHocScope !== null) {
    if (typeof i.adHocScope !== 'object' || Array.isArray(i.adHocScope))
      return 'adHocScope is not an object';
    if (i.adHocScope.window !== undefined && !isWindow(i.adHocScope.window))
      return 'adHocScope.window is not a {from, to} of calendar days';
    if (i.adHocScope.fields !== undefined && !Array.isArray(i.adHocScope.fields))
      return 'adHocScope.fields is not a list';
  }
  if (!(INSPECTION_TYPES as readonly string[]).includes(i.type)) return 'type is unknown';
  if (!(INSPECTION_FORMS as readonly string[]).includes(i.form)) return 'form is unknown';
  if (typeof i.taxCode !== 'string' || typeof i.parentTaxCode !== 'string')
    return 'tax code is missing';
  if (typeof i.leadAgencyCode !== 'string') return 'leadAgencyCode is missing';
  if (!Array.isArray(i.participantAgencyCodes)) return 'participantAgencyCodes is not a list';
  return undefined;
}

/** The usable records, and the ids of the others with why. */
export function partitionSound<T extends DetectionRecord>(
  records: T[],
): {
  sound: T[];
  unsound: { id: string; reason: string }[];
} {
  const sound: T[] = [];
  const unsound: { id: string; reason: string }[] = [];
  for (const r of records) {
    const reason = unsoundReason(r);
    if (reason) unsound.push({ id: r.id, reason });
    else sound.push(r);
  }
  return { sound, unsound };
}
