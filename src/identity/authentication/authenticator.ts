import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Account } from '../accounts/account';
import { AccountCache } from '../accounts/account-cache';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { ForbiddenError } from '../identity-errors';
import { sameSecret } from '../secrets';
import { SessionsService } from '../sessions/sessions.service';
import { scopesOf } from '../tokens/access-token';
import { AccessTokensService } from '../tokens/access-tokens.service';
import { TokenRateLimit } from '../tokens/token-rate-limit';
import { Principal } from './principal';
import { readCookie, SESSION_COOKIE } from './session-cookie';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FORM_FIELD = '_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What authenticating a request found, kept on the request so it is done once. */
interface Authentication {
  principal: Principal | null;
  /** The session's CSRF token (cookie sign-in only). */
  csrfToken?: string;
  sessionId?: string;
}

const AUTHENTICATION = Symbol('authentication');
type AuthenticatedRequest = Request & { [AUTHENTICATION]?: Promise<Authentication> };

/**
 * Who a request acts for: a Bearer token if one is sent (an invalid one is not overridden by
 * a cookie), else the session cookie. The account is read through AccountCache: a change
 * made on this replica (disabling, roles) takes effect at once, one made on another replica
 * within ACCOUNT_CACHE_MS.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokensService,
    private readonly accounts: AccountCache,
    private readonly tokenRateLimit: TokenRateLimit,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async authenticate(req: Request): Promise<Principal | null> {
    return (await this.authentication(req)).principal;
  }

  /** The session's CSRF token, for /auth/me to hand back to a page. */
  async csrfTokenOf(req: Request): Promise<string | undefined> {
    return (await this.authentication(req)).csrfToken;
  }

  /** The session id the browser sent, valid or not (to end it on sign-in or sign-out). */
  sessionIdOf(req: Request): string | undefined {
    return readCookie(req, SESSION_COOKIE);
  }

  /** Whether the session cookie should be Secure for this request. */
  secureCookieFor(req: Request): boolean {
    const mode = this.settings.sessionCookieSecure;
    return mode === 'always' || (mode === 'auto' && req.secure);
  }

  /**
   * Unsafe methods authenticated by the cookie must echo the session's CSRF token (header,
   * or form field for pages): a cross-site form can send the cookie but cannot read the token.
   * Bearer requests need none: browsers never attach a token on their own.
   */
  async assertCsrf(req: Request): Promise<void> {
    if (SAFE_METHODS.has(req.method)) return;
    const auth = await this.authentication(req);
    if (auth.principal?.via !== 'session' || auth.csrfToken === undefined) return;
    const header = req.headers[CSRF_HEADER];
    const body = req.body as Record<string, unknown> | undefined;
    const field = body && typeof body === 'object' ? body[CSRF_FORM_FIELD] : undefined;
    const given = typeof header === 'string' ? header : typeof field === 'string' ? field : '';
    if (body && typeof body === 'object') delete body[CSRF_FORM_FIELD]; // not part of any DTO
    if (!given || !sameSecret(given, auth.csrfToken))
      throw new ForbiddenError(
        'CSRF_TOKEN_INVALID',
        `Send the session's CSRF token (from /auth/login or /auth/me) in the ${CSRF_HEADER} header`,
      );
  }

  private authentication(req: Request): Promise<Authentication> {
    const r = req as AuthenticatedRequest;
    r[AUTHENTICATION] ??= this.find(req);
    return r[AUTHENTICATION];
  }

  private async find(req: Request): Promise<Authentication> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const token = match ? await this.tokens.resolve(match[1]) : null;
      if (!token) return { principal: null };
      // Before the account read: past the limit a request costs one counter write.
      await this.tokenRateLimit.admit(token.tokenHash);
      const account = await this.liveAccount(token.accountId);
      return {
        principal: account && {
          ...principalOf(account, 'token', token.tokenHash),
          scopes: scopesOf(token),
        },
      };
    }
    const sessionId = this.sessionIdOf(req);
    if (!sessionId) return { principal: null };
    const session = await this.sessions.resolve(sessionId);
    if (!session) return { principal: null };
    const account = await this.liveAccount(session.accountId);
    if (!account) return { principal: null };
    return {
      principal: principalOf(account, 'session', session.idHash),
      csrfToken: session.csrfToken,
      sessionId,
    };
  }

  private async liveAccount(id: string): Promise<Account | null> {
    const account = await this.accounts.get(id);
    return account?.status === 'active' ? account : null;
  }
}

export function principalOf(
  account: Account,
  via: Principal['via'],
  credentialHash: string,
): Principal {
  return {
    accountId: account.id,
    username: account.username,
    roles: account.roles,
    agencyCodes: account.agencyCodes,
    ...(account.province !== undefined && { province: account.province }),
    via,
    credentialHash,
    mustChangePassword: account.mustChangePassword,
  };
}
