export interface Session {
  /** SHA-256 (hex) of the id in the cookie; the id itself is never stored. */
  idHash: string;
  accountId: string;
  /** Sent back in X-CSRF-Token on unsafe requests; not a credential on its own. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Ends however active the session is. */
  absoluteExpiresAt: Date;
  /** min(lastSeenAt + idle, absoluteExpiresAt): when MongoDB's TTL monitor removes it. */
  expiresAt: Date;
  ip?: string;
  userAgent?: string;
}

export abstract class SessionRepository {
  abstract insert(session: Session): Promise<void>;
  abstract findByIdHash(idHash: string): Promise<Session | null>;
  /** Marks activity: moves lastSeenAt and the idle expiry forward. */
  abstract touch(idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  abstract delete(idHash: string): Promise<void>;
  /** Every session of an account, e.g. after its password changed; `except` survives. */
  abstract deleteForAccount(accountId: string, except?: string): Promise<number>;
}
