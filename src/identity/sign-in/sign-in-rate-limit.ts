import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { RateLimitedError } from '../identity-errors';
import { sha256Hex } from '../secrets';
import { AttemptCounter, fixedWindow } from './attempt-counter';

/**
 * At most LOGIN_RATE_LIMIT sign-in attempts per client IP and username per fixed window.
 * Counted before the password is checked, so a flood costs no Argon2 work past the limit.
 */
@Injectable()
export class SignInRateLimit {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async admit(ip: string, username: string): Promise<void> {
    const window = fixedWindow(
      this.clock.now().getTime(),
      this.settings.loginRateWindowSeconds * 1000,
    );
    // Hashed: the counters hold neither addresses nor usernames.
    const count = await this.counter.hit(sha256Hex(`${ip}\n${username}`), window.endsAt);
    if (count > this.settings.loginRateLimit)
      throw new RateLimitedError(
        'RATE_LIMITED',
        'Too many sign-in attempts; try again later',
        window.retryAfterSeconds,
      );
  }
}
