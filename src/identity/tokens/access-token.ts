export interface AccessToken {
  id: string;
  accountId: string;
  name: string;
  /** SHA-256 (hex) of the secret; the secret is shown once, at creation. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

/** What GET /auth/tokens answers: never the hash. */
export type AccessTokenView = Omit<AccessToken, 'tokenHash'>;

export function toAccessTokenView({ tokenHash: _h, ...view }: AccessToken): AccessTokenView {
  return view;
}

export abstract class AccessTokenRepository {
  abstract insert(token: AccessToken): Promise<void>;
  abstract findByHash(tokenHash: string): Promise<AccessToken | null>;
  abstract listForAccount(accountId: string): Promise<AccessToken[]>;
  /** Revokes the account's own live token; false when it has none of that id. */
  abstract revoke(id: string, accountId: string, at: Date): Promise<boolean>;
  /** Records use, but only if the last recorded use is older than `ifBefore`. */
  abstract markUsed(id: string, at: Date, ifBefore: Date): Promise<void>;
}
