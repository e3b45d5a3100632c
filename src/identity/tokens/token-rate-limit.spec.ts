import { FakeClock } from '../../common/testing/fake-clock';
import { RateLimitedError } from '../identity-errors';
import { FakeAttemptCounter, settings } from '../testing/fakes';
import { TokenRateLimit } from './token-rate-limit';

function setup(tokenRateLimit: number) {
  const clock = new FakeClock(new Date('2026-03-01T03:00:10Z'));
  const counter = new FakeAttemptCounter();
  return {
    limit: new TokenRateLimit(counter, clock, settings({ tokenRateLimit })),
    clock,
    counter,
  };
}

const refusal = (promise: Promise<void>) =>
  promise.then(
    () => 'admitted',
    (e: RateLimitedError) => [e.status, e.code, e.retryAfterSeconds],
  );

describe('TokenRateLimit', () => {
  it('admits the limit within a minute, refuses the next until the minute ends', async () => {
    const { limit } = setup(2);
    expect([await refusal(limit.admit('h1')), await refusal(limit.admit('h1'))]).toEqual([
      'admitted',
      'admitted',
    ]);
    // 03:00:10 -> the window ends at 03:01:00.
    expect(await refusal(limit.admit('h1'))).toEqual([429, 'RATE_LIMITED', 50]);
  });

  it('counts each token on its own, keyed by its hash', async () => {
    const { limit, counter } = setup(1);
    await limit.admit('h1');
    expect(await refusal(limit.admit('h2'))).toBe('admitted');
    expect([...counter.counts.keys()]).toEqual([
      `token:h1:${Date.parse('2026-03-01T03:01:00Z')}`,
      `token:h2:${Date.parse('2026-03-01T03:01:00Z')}`,
    ]);
  });

  it('admits again in the next minute', async () => {
    const { limit, clock } = setup(1);
    await limit.admit('h1');
    clock.advance(50_000);
    expect(await refusal(limit.admit('h1'))).toBe('admitted');
  });
});
