// Retry delays. Pure.

/** base · 2^(attempt−1), capped: 30 s, 1 min, 2 min ... 1 h with the defaults. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows nothing before the cap takes over (exponent bounded at 40).
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 40));
}

/**
 * A 5xx reply is the server refusing this message for good (550 no such user, 552 too big);
 * anything else (4xx, no answer, connection refused, timeout) may pass later.
 */
export function isPermanentFailure(responseCode: number | undefined): boolean {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600;
}
