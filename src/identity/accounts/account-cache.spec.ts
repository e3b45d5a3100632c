import { FakeClock } from '../../common/testing/fake-clock';
import { anAccount, FakeAccountRepository } from '../testing/fakes';
import { ACCOUNT_CACHE_MAX, ACCOUNT_CACHE_MS, AccountCache, AccountChanges } from './account-cache';

class CountingRepository extends FakeAccountRepository {
  reads = 0;
  override async findById(id: string) {
    this.reads++;
    return super.findById(id);
  }
}

function setup() {
  const clock = new FakeClock();
  const accounts = new CountingRepository();
  const changes = new AccountChanges();
  void accounts.insert(anAccount());
  return { clock, accounts, changes, cache: new AccountCache(accounts, clock, changes) };
}

describe('AccountCache', () => {
  it('reads an account once within ACCOUNT_CACHE_MS, again after', async () => {
    const { cache, accounts, clock } = setup();
    await cache.get('acc-1');
    clock.advance(ACCOUNT_CACHE_MS - 1);
    expect((await cache.get('acc-1'))!.username).toBe('an.nv');
    expect(accounts.reads).toBe(1);
    accounts.rows.get('acc-1')!.roles = ['viewer']; // as another replica would change it
    clock.advance(1);
    expect((await cache.get('acc-1'))!.roles).toEqual(['viewer']);
    expect(accounts.reads).toBe(2);
  });

  it('forgets an account changed on this replica at once', async () => {
    const { cache, accounts, changes } = setup();
    await cache.get('acc-1');
    accounts.rows.get('acc-1')!.status = 'disabled';
    changes.changed('acc-1');
    expect((await cache.get('acc-1'))!.status).toBe('disabled');
  });

  it('does not cache an absent account, and keeps at most ACCOUNT_CACHE_MAX', async () => {
    const { cache, accounts } = setup();
    expect(await cache.get('nobody')).toBeNull();
    await accounts.insert(anAccount({ id: 'nobody', username: 'late' }));
    expect((await cache.get('nobody'))!.username).toBe('late');
    for (let i = 0; i < ACCOUNT_CACHE_MAX; i++)
      await accounts.insert(anAccount({ id: `a${i}`, username: `user${i}` }));
    for (let i = 0; i < ACCOUNT_CACHE_MAX; i++) await cache.get(`a${i}`);
    const before = accounts.reads;
    await cache.get('acc-1'); // the least recently used: dropped
    expect(accounts.reads).toBe(before + 1);
  });
});
