/** A year from a query string, else the default (the pages never fail on a bad ?year=). */
export function yearOf(value: unknown, fallback: number): number {
  const n = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
  return n >= 2000 && n <= 2100 ? n : fallback;
}

/** A page number from a query string: 1 unless a positive integer was given. */
export function pageOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

/** The query string of a list's filters (for the pager's links), ending in '&' when not empty. */
export function filterQuery(filters: Record<string, unknown>): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${parts.join('&')}&` : '';
}
