import { FakeClock } from '../../common/testing/fake-clock';
import { RateLimitedError } from '../identity-errors';
import { FakeAttemptCounter, settings } from '../testing/fakes';
import { tokenCountBatch, TokenRateLimit } from './token-rate-limit';

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

  it('writes the shared counter once a batch, yet refuses exactly past the limit on one replica', async () => {
    const { limit, counter } = setup(600);
    expect(tokenCountBatch(600)).toBe(20);
    const answers = [];
    for (let i = 0; i < 601; i++) answers.push(await refusal(limit.admit('h1')));
    expect(answers.slice(0, 600).every((a) => a === 'admitted')).toBe(true);
    expect(answers[600]).toEqual([429, 'RATE_LIMITED', 50]);
    // 29 batches of 20 up to 580, then one write per request for the last stretch.
    expect(counter.writes).toBe(29 + 21);
    expect([...counter.counts.values()]).toEqual([601]);
  });

  it('shares the limit across replicas, over by at most a batch tail each', async () => {
    const { clock, counter } = setup(600);
    const replicas = [1, 2, 3].map(
      () => new TokenRateLimit(counter, clock, settings({ tokenRateLimit: 600 })),
    );
    let admitted = 0;
    for (let round = 0; round < 400; round++)
      for (const replica of replicas)
        if ((await refusal(replica.admit('h1'))) === 'admitted') admitted++;
    expect(admitted).toBeGreaterThanOrEqual(600);
    expect(admitted).toBeLessThanOrEqual(600 + replicas.length * (tokenCountBatch(600) - 1));
  });

  it('counts every request when the limit is small', async () => {
    const { limit, counter } = setup(4);
    for (let i = 0; i < 4; i++) await limit.admit('h1');
    expect(counter.writes).toBe(4);
  });
});
