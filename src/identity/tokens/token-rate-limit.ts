import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { RateLimitedError } from '../identity-errors';
import { AttemptCounter, fixedWindow } from '../sign-in/attempt-counter';
import { BoundedLru } from '../bounded-lru';

const MINUTE_MS = 60_000;
/** Requests a replica counts locally before it adds them to the shared counter. */
export const TOKEN_COUNT_BATCH_MAX = 20;
/** Tokens whose local counts a replica keeps (least recently used dropped first). */
const LOCAL_COUNTS_MAX = 10_000;

/** How many requests a replica may count before writing, for a given limit: ≤ 1/20 of it. */
export function tokenCountBatch(limit: number): number {
  return Math.max(1, Math.min(TOKEN_COUNT_BATCH_MAX, Math.floor(limit / 20)));
}

interface LocalCount {
  windowEndsAt: number;
  /** The shared count as the last write answered it (every replica's requests). */
  shared: number;
  /** This replica's requests not yet added to it. */
  pending: number;
}

/**
 * At most TOKEN_RATE_LIMIT requests per personal access token per minute (fixed window),
 * counted in MongoDB so every replica shares the count; a runaway script gets 429, not the
 * whole service. Cheap: a replica adds its requests to the shared counter in batches
 * (`tokenCountBatch`: 20 at the default 600), one write per batch, and writes every request
 * once the count it knows is within a batch of the limit. So the limit holds exactly on one
 * replica; with R replicas a token may get up to R × (batch − 1) requests more in a minute
 * (each replica's not-yet-written tail), never fewer.
 */
@Injectable()
export class TokenRateLimit {
  private readonly local = new BoundedLru<string, LocalCount>(LOCAL_COUNTS_MAX);

  constructor(
    private readonly counter: AttemptCounter,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /** `tokenHash`: the stored SHA-256 of the token, so the counter never holds the secret. */
  async admit(tokenHash: string): Promise<void> {
    const limit = this.settings.tokenRateLimit;
    const batch = tokenCountBatch(limit);
    const window = fixedWindow(this.clock.now().getTime(), MINUTE_MS);
    const key = `token:${tokenHash}`;
    let count = this.local.get(key);
    if (!count || count.windowEndsAt !== window.endsAt.getTime()) {
      count = { windowEndsAt: window.endsAt.getTime(), shared: 0, pending: 0 };
      this.local.set(key, count);
    }
    count.pending++;
    if (count.pending >= batch || count.shared + count.pending + batch > limit) {
      const adding = count.pending;
      count.pending = 0; // before the await: concurrent requests do not add them twice
      count.shared = Math.max(count.shared, await this.counter.hit(key, window.endsAt, adding));
    }
    if (count.shared + count.pending > limit)
      throw new RateLimitedError(
        'RATE_LIMITED',
        `More than ${limit} requests a minute with this token; try again later`,
        window.retryAfterSeconds,
      );
  }
}
