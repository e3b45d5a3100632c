/**
 * What a token may do, on top of (never beyond) its account's roles, which are read at every
 * request: `read` the safe methods (GET, HEAD, OPTIONS), `write` every method.
 */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** What POST /auth/tokens grants when no scopes are asked for: least privilege. */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ['read'];
/** Tokens made before scopes existed could do everything their account could. */
const LEGACY_TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write'];

export function scopesOf(token: Pick<AccessToken, 'scopes'>): TokenScope[] {
  return [...(token.scopes?.length ? token.scopes : LEGACY_TOKEN_SCOPES)];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether scopes admit a request of this HTTP method (`write` includes `read`). */
export function scopesAllow(scopes: readonly TokenScope[], method: string): boolean {
  return scopes.includes('write') || (SAFE_METHODS.has(method) && scopes.includes('read'));
}

export interface AccessToken {
  id: string;
  accountId: string;
  name: string;
  /** Absent on tokens made before scopes: read and write. */
  scopes?: TokenScope[];
  /** SHA-256 (hex) of the secret; the secret is shown once, at creation. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

/** What GET /auth/tokens answers: never the hash. */
export type AccessTokenView = Omit<AccessToken, 'tokenHash' | 'scopes'> & { scopes: TokenScope[] };

export function toAccessTokenView({ tokenHash: _h, ...view }: AccessToken): AccessTokenView {
  return { ...view, scopes: scopesOf(view) };
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
