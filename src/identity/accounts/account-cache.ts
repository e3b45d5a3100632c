import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { BoundedLru } from '../bounded-lru';
import { Account, AccountRepository } from './account';

/** How long a replica trusts an account it read, unless it changed the account itself. */
export const ACCOUNT_CACHE_MS = 5_000;
/** Accounts a replica keeps (least recently used dropped first). */
export const ACCOUNT_CACHE_MAX = 1_000;

/**
 * Every write to an account on this replica is announced here (the mongo adapter calls
 * `changed`), so the cache below forgets it at once.
 */
@Injectable()
export class AccountChanges {
  private readonly listeners: ((accountId: string) => void)[] = [];

  subscribe(listener: (accountId: string) => void): void {
    this.listeners.push(listener);
  }

  changed(accountId: string): void {
    for (const listener of this.listeners) listener(accountId);
  }
}

/**
 * The account read of every signed-in request, cached for ACCOUNT_CACHE_MS. A change made on
 * this replica (roles, disabling, password) takes effect at the next request; one made on
 * another replica within ACCOUNT_CACHE_MS. Absent accounts are not cached.
 */
@Injectable()
export class AccountCache {
  private readonly entries = new BoundedLru<string, { account: Account; until: number }>(
    ACCOUNT_CACHE_MAX,
  );

  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    changes: AccountChanges,
  ) {
    changes.subscribe((id) => this.entries.delete(id));
  }

  async get(id: string): Promise<Account | null> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(id);
    if (hit && now < hit.until) return hit.account;
    const account = await this.accounts.findById(id);
    if (account) this.entries.set(id, { account, until: now + ACCOUNT_CACHE_MS });
    else this.entries.delete(id);
    return account;
  }
}
