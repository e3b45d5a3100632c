// class-transformer helpers shared by the DTOs: input is normalised before it is validated.

type TransformInput = { value: unknown };

/** Text as people typed it, NFC-normalised (files and browsers may send NFD) and trimmed. */
export const trimNfc = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

/** Codes (agency codes) compare upper-case. */
export const upper = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const upperAll = ({ value }: TransformInput) =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v))
    : value;

export const trimmed = ({ value }: TransformInput) =>
  typeof value === 'string' ? value.trim() : value;

/** The years a calendar day or instant of this service may name (plans are 2000–2100). */
export const SANE_YEARS = { min: 2000, max: 2100 } as const;

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO 8601 instant with its offset ("2026-01-15T08:00:00+07:00" or "...Z") becomes a Date;
 * anything else (a date alone, a time without offset that the server would read in its own
 * zone, 2027-02-30 that Date would shift to March, year 0000) is left as it came and fails
 * @IsDate with the field named.
 */
export const isoInstant = ({ value }: TransformInput) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const m = ISO_INSTANT.exec(text);
  if (!m) return value;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const real =
    year >= SANE_YEARS.min &&
    year <= SANE_YEARS.max &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    (m[8] === undefined || (Number(m[8]) <= 14 && Number(m[9]) <= 59));
  return real ? new Date(text) : value;
};
