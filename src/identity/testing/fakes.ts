import { createHash } from 'node:crypto';
// In-memory fakes of identity's ports, for the service specs (the clock and the audit trail
// have theirs in src/common/testing and src/audit/testing).
import { Account, AccountRepository, OidcLink } from '../accounts/account';
import { DEFAULT_IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import {
  AuthorizationRequest,
  CallbackChecks,
  OidcClient,
  ProviderClaims,
} from '../oidc/oidc-client';
import { OidcFlow, OidcFlowRepository } from '../oidc/oidc-flow';
import { PasswordHasher } from '../passwords/password-hasher';
import { Session, SessionRepository } from '../sessions/session';
import { AttemptCounter } from '../sign-in/attempt-counter';
import { AccessToken, AccessTokenRepository } from '../tokens/access-token';

/** "Hashes" by prefixing: specs read what was hashed; verify counts its calls. */
export class FakePasswordHasher extends PasswordHasher {
  verifications = 0;
  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }
  async verify(passwordHash: string, password: string): Promise<boolean> {
    this.verifications++;
    return passwordHash === `hashed:${password}`;
  }
}

export class FakeAccountRepository extends AccountRepository {
  readonly rows = new Map<string, Account>();
  async insert(account: Account) {
    if ([...this.rows.values()].some((a) => a.username === account.username))
      throw Object.assign(new Error('duplicate'), { code: 11000 });
    this.rows.set(account.id, structuredClone(account));
    return account;
  }
  async findById(id: string) {
    const a = this.rows.get(id);
    return a ? structuredClone(a) : null;
  }
  async findByUsername(username: string) {
    const a = [...this.rows.values()].find((r) => r.username === username);
    return a ? structuredClone(a) : null;
  }
  async countAll() {
    return this.rows.size;
  }
  async findByOidcSubject(link: OidcLink) {
    const a = [...this.rows.values()].find(
      (r) => r.oidc?.issuer === link.issuer && r.oidc.subject === link.subject,
    );
    return a ? structuredClone(a) : null;
  }
  async findByEmail(email: string) {
    return [...this.rows.values()].filter((r) => r.email === email).map((a) => structuredClone(a));
  }
  async linkOidc(id: string, link: OidcLink) {
    const a = this.rows.get(id);
    if (!a || a.oidc) return false;
    a.oidc = { ...link };
    return true;
  }
  async list(skip: number, limit: number) {
    const all = [...this.rows.values()].sort((a, b) => a.username.localeCompare(b.username));
    return { items: all.slice(skip, skip + limit), total: all.length };
  }
  async updateIfRevision(id: string, revision: number, changes: Partial<Account>) {
    const a = this.rows.get(id);
    if (!a || a.revision !== revision) return null;
    Object.assign(a, changes);
    return structuredClone(a);
  }
  async recordFailedLogin(id: string) {
    const a = this.rows.get(id)!;
    a.failedLogins++;
    return a.failedLogins;
  }
  async lock(id: string, until: Date) {
    Object.assign(this.rows.get(id)!, { lockedUntil: until, failedLogins: 0 });
  }
  async recordSuccessfulLogin(id: string, at: Date) {
    const a = this.rows.get(id)!;
    Object.assign(a, { failedLogins: 0, lastLoginAt: at });
    delete a.lockedUntil;
  }
  async setPassword(
    id: string,
    passwordHash: string,
    mustChangePassword: boolean,
    at: Date,
    actor: string,
  ) {
    const a = this.rows.get(id)!;
    Object.assign(a, { passwordHash, mustChangePassword, updatedAt: at, updatedBy: actor });
    a.revision++;
  }
}

export class FakeSessionRepository extends SessionRepository {
  readonly rows = new Map<string, Session>();
  async insert(session: Session) {
    this.rows.set(session.idHash, { ...session });
  }
  async findByIdHash(idHash: string) {
    const s = this.rows.get(idHash);
    return s ? { ...s } : null;
  }
  async touch(idHash: string, lastSeenAt: Date, expiresAt: Date) {
    Object.assign(this.rows.get(idHash)!, { lastSeenAt, expiresAt });
  }
  async delete(idHash: string) {
    this.rows.delete(idHash);
  }
  async deleteForAccount(accountId: string, except?: string) {
    let n = 0;
    for (const [k, s] of this.rows)
      if (s.accountId === accountId && k !== except) {
        this.rows.delete(k);
        n++;
      }
    return n;
  }
}

export class FakeAccessTokenRepository extends AccessTokenRepository {
  readonly rows = new Map<string, AccessToken>();
  async insert(token: AccessToken) {
    this.rows.set(token.id, { ...token });
  }
  async findByHash(tokenHash: string) {
    const t = [...this.rows.values()].find((r) => r.tokenHash === tokenHash);
    return t ? { ...t } : null;
  }
  async listForAccount(accountId: string) {
    return [...this.rows.values()].filter((t) => t.accountId === accountId);
  }
  async revoke(id: string, accountId: string, at: Date) {
    const t = this.rows.get(id);
    if (!t || t.accountId !== accountId || t.revokedAt) return false;
    t.revokedAt = at;
    return true;
  }
  async markUsed(id: string, at: Date, ifBefore: Date) {
    const t = this.rows.get(id)!;
    if (!t.lastUsedAt || t.lastUsedAt < ifBefore) t.lastUsedAt = at;
  }
}

export class FakeAttemptCounter extends AttemptCounter {
  readonly counts = new Map<string, number>();
  writes = 0;
  async hit(key: string, windowEndsAt: Date, by = 1) {
    this.writes++;
    const k = `${key}:${windowEndsAt.getTime()}`;
    const n = (this.counts.get(k) ?? 0) + by;
    this.counts.set(k, n);
    return n;
  }
}

export function settings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return { ...DEFAULT_IDENTITY_SETTINGS, ...overrides };
}

export function anAccount(overrides: Partial<Account> = {}): Account {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 'acc-1',
    username: 'an.nv',
    displayName: 'Nguyễn Văn An',
    roles: ['officer'],
    agencyCodes: ['SKHCN'],
    status: 'active',
    passwordHash: 'hashed:sông Cổ Chiên 2026',
    mustChangePassword: false,
    failedLogins: 0,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'system',
    updatedBy: 'system',
    ...overrides,
  };
}

export class FakeOidcFlowRepository extends OidcFlowRepository {
  readonly rows = new Map<string, OidcFlow>();
  async insert(flow: OidcFlow) {
    this.rows.set(flow.stateHash, { ...flow });
  }
  async take(stateHash: string) {
    const flow = this.rows.get(stateHash);
    this.rows.delete(stateHash);
    return flow ?? null;
  }
}

/**
 * An identity provider that signs in whoever `next` names, checking state, nonce and PKCE as
 * the real library does; `fail` makes the redemption throw as a refused code would.
 */
export class FakeOidcClient extends OidcClient {
  next: Record<string, unknown> = { sub: 'sub-1' };
  fail?: Error & { error?: string };
  readonly requests: AuthorizationRequest[] = [];
  async authorizationUrl(request: AuthorizationRequest) {
    this.requests.push(request);
    return `https://sso.example.gov.vn/auth?state=${request.state}`;
  }
  async redeem(callbackUrl: URL, checks: CallbackChecks): Promise<ProviderClaims> {
    if (this.fail) throw this.fail;
    const sent = this.requests.find((r) => r.state === checks.state);
    if (!sent || callbackUrl.searchParams.get('state') !== checks.state) throw new Error('state');
    if (createHash('sha256').update(checks.codeVerifier).digest('base64url') !== sent.codeChallenge)
      throw new Error('pkce');
    if (sent.nonce !== checks.nonce) throw new Error('nonce');
    return { iss: 'https://sso.example.gov.vn', ...this.next } as ProviderClaims;
  }
}
