import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { RateLimitedError } from '../identity-errors';
import { AttemptCounter, fixedWindow } from '../sign-in/attempt-counter';

const MINUTE_MS = 60_000;

/**
 * At most TOKEN_RATE_LIMIT requests per personal access token per minute (fixed window),
 * counted in MongoDB so every replica shares the count; a runaway script gets 429, not the
 * whole service.
 */
@Injectable()
export class TokenRateLimit {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /** `tokenHash`: the stored SHA-256 of the token, so the counter never holds the secret. */
  async admit(tokenHash: string): Promise<void> {
    const window = fixedWindow(this.clock.now().getTime(), MINUTE_MS);
    const count = await this.counter.hit(`token:${tokenHash}`, window.endsAt);
    if (count > this.settings.tokenRateLimit)
      throw new RateLimitedError(
        'RATE_LIMITED',
        `More than ${this.settings.tokenRateLimit} requests a minute with this token; try again later`,
        window.retryAfterSeconds,
      );
  }
}
