export const FEED_SCOPES = ['agency', 'enterprise', 'province', 'meetings', 'conflicts'] as const;
export type FeedScope = (typeof FEED_SCOPES)[number];

export interface FeedFilters {
  year?: number;
  field?: string;
  type?: 'thanh-tra' | 'kiem-tra';
}

/** A calendar subscription: who may read which schedule, through a secret URL. */
export interface FeedSubscription {
  id: string;
  /** sha256 of the secret token: the token itself is shown once and never stored. */
  tokenHash: string;
  /** First characters of the token, so people can tell their subscriptions apart. */
  tokenHint: string;
  scope: FeedScope;
  /** Agency code (agency, conflicts) or tax code (enterprise). */
  ref?: string;
  filters: FeedFilters;
  name: string;
  createdAt: Date;
  createdBy: string;
  revokedAt?: Date;
  revokedBy?: string;
}

export abstract class FeedRepository {
  abstract insert(feed: FeedSubscription): Promise<void>;
  abstract findActiveByTokenHash(tokenHash: string): Promise<FeedSubscription | null>;
  abstract findById(id: string): Promise<FeedSubscription | null>;
  abstract list(filter: {
    scope?: FeedScope;
    ref?: string;
    includeRevoked?: boolean;
  }): Promise<FeedSubscription[]>;
  abstract revoke(id: string, at: Date, by: string): Promise<FeedSubscription | null>;
}
