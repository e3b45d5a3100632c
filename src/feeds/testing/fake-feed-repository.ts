import { FeedRepository, FeedScope, FeedSubscription } from '../feed';

/** Subscriptions in a map by id, revocation once, as the database does. */
export class FakeFeedRepository extends FeedRepository {
  readonly rows = new Map<string, FeedSubscription>();

  async insert(feed: FeedSubscription): Promise<void> {
    this.rows.set(feed.id, structuredClone(feed));
  }

  async findActiveByTokenHash(tokenHash: string): Promise<FeedSubscription | null> {
    const f = [...this.rows.values()].find((r) => r.tokenHash === tokenHash && !r.revokedAt);
    return f ? structuredClone(f) : null;
  }

  async findById(id: string): Promise<FeedSubscription | null> {
    const f = this.rows.get(id);
    return f ? structuredClone(f) : null;
  }

  async list(filter: {
    scope?: FeedScope;
    ref?: string;
    includeRevoked?: boolean;
  }): Promise<FeedSubscription[]> {
    return [...this.rows.values()]
      .filter((f) => !filter.scope || f.scope === filter.scope)
      .filter((f) => !filter.ref || f.ref === filter.ref)
      .filter((f) => filter.includeRevoked || !f.revokedAt)
      .map((f) => structuredClone(f));
  }

  async revoke(id: string, at: Date, by: string): Promise<FeedSubscription | null> {
    const f = this.rows.get(id);
    if (!f || f.revokedAt) return null;
    Object.assign(f, { revokedAt: at, revokedBy: by });
    return structuredClone(f);
  }
}
