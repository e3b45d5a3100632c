import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit';
import { InvalidInputError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import { Account, AccountRepository, toAccountView } from '../accounts/account';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import {
  DependencyUnavailableError,
  ForbiddenError,
  NotAuthenticatedError,
  NotConfiguredError,
} from '../identity-errors';
import { randomSecret, sha256Hex } from '../secrets';
import { ClientInfo, SessionsService } from '../sessions/sessions.service';
import { SignedIn } from '../sign-in/sign-in.service';
import { mapClaims, ProviderIdentity } from './oidc-claims';
import { OidcClient } from './oidc-client';
import { OidcFlowRepository } from './oidc-flow';

/** How long the person has at the identity provider between leaving and coming back. */
export const OIDC_FLOW_MINUTES = 10;
/** Stored as the password hash of accounts made at first sign-in: no password verifies. */
export const NO_PASSWORD = '!oidc';
/** Agency-scoped roles: an account made with one of them needs its agencies. */
const AGENCY_ROLES = new Set(['officer', 'approver']);

const pkceChallenge = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64url');

const stateInvalid = () =>
  new InvalidInputError(
    'OIDC_STATE_INVALID',
    'This sign-in is unknown, expired, already used or was started in another browser: start again at /auth/oidc/login',
  );

const refused = (code: string, message: string) => new ForbiddenError(code, message);

/**
 * Sign-in through the province's identity provider (OpenID Connect, authorization code with
 * PKCE, state and nonce). The callback ends in the same server-side session as a password
 * sign-in. Which local account: the one linked to the provider's subject; else an active,
 * unlinked account with the username claim, or with the e-mail claim if the provider
 * verified it (then linked); else one made now, if the roles claim maps to a local role;
 * else a clear refusal (403 OIDC_NO_ACCOUNT).
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('OpenIdConnect');

  constructor(
    private readonly provider: OidcClient,
    private readonly flows: OidcFlowRepository,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  get enabled(): boolean {
    return Boolean(this.settings.oidcIssuerUrl);
  }

  private assertEnabled(): void {
    if (!this.enabled)
      throw new NotConfiguredError(
        'OIDC_NOT_CONFIGURED',
        'Sign-in through an identity provider is off here (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)',
      );
  }

  /** Where to send the browser, and the secret its cookie binds this flow with. */
  async begin(): Promise<{ location: string; binding: string }> {
    this.assertEnabled();
    const state = randomSecret();
    const nonce = randomSecret();
    const codeVerifier = randomSecret(); // 43 base64url characters: a valid PKCE verifier
    const binding = randomSecret();
    let location: string;
    try {
      location = await this.provider.authorizationUrl({
        state,
        nonce,
        codeChallenge: pkceChallenge(codeVerifier),
      });
    } catch (error) {
      this.logger.warn(`identity provider unavailable: ${(error as Error).message}`);
      throw new DependencyUnavailableError(
        'OIDC_UNAVAILABLE',
        'The identity provider cannot be reached now; try again later or sign in with a password',
      );
    }
    const now = this.clock.now();
    await this.flows.insert({
      stateHash: sha256Hex(state),
      bindingHash: sha256Hex(binding),
      nonce,
      codeVerifier,
      createdAt: now,
      expiresAt: new Date(now.getTime() + OIDC_FLOW_MINUTES * 60_000),
    });
    return { location, binding };
  }

  /**
   * The provider sent the browser back: `query` is the callback's query string. The flow is
   * taken (deleted) first, so a replayed callback finds nothing.
   */
  async complete(
    query: URLSearchParams,
    binding: string | undefined,
    client: ClientInfo & { ip: string },
    previousSessionId?: string,
  ): Promise<SignedIn> {
    this.assertEnabled();
    const state = query.get('state');
    if (!state) throw stateInvalid();
    const flow = await this.flows.take(sha256Hex(state));
    if (
      !flow ||
      this.clock.now() >= flow.expiresAt ||
      !binding ||
      sha256Hex(binding) !== flow.bindingHash
    )
      throw stateInvalid();
    const error = query.get('error');
    if (error)
      throw new NotAuthenticatedError(
        'OIDC_SIGN_IN_FAILED',
        `The identity provider did not sign you in (${error.slice(0, 100)})`,
      );
    const callbackUrl = new URL(this.settings.oidcRedirectUrl!);
    callbackUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      claims = await this.provider.redeem(callbackUrl, {
        state,
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
      });
    } catch (failure) {
      const reason = (failure as { error?: string; code?: string }).error ?? 'refused';
      this.logger.warn(`code redemption refused: ${reason}: ${(failure as Error).message}`);
      throw new NotAuthenticatedError(
        'OIDC_SIGN_IN_FAILED',
        `The identity provider's answer was refused (${reason}); start again at /auth/oidc/login`,
      );
    }
    const identity = mapClaims(claims, {
      usernameClaim: this.settings.oidcUsernameClaim,
      emailClaim: this.settings.oidcEmailClaim,
      rolesClaim: this.settings.oidcRolesClaim,
      roleMap: this.settings.oidcRoleMap,
      agencyClaim: this.settings.oidcAgencyClaim,
    });
    const account = await this.localAccount(identity);
    const now = this.clock.now();
    await this.accounts.recordSuccessfulLogin(account.id, now);
    const { sessionId, session } = await this.sessions.start(account.id, client, previousSessionId);
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'signed-in',
      actor: account.username,
      note: `OpenID Connect (${identity.link.issuer})`,
    });
    return {
      sessionId,
      account: toAccountView({ ...account, lastLoginAt: now }),
      csrfToken: session.csrfToken,
      mustChangePassword: account.mustChangePassword,
    };
  }

  private async localAccount(identity: ProviderIdentity): Promise<Account> {
    const linked = await this.accounts.findByOidcSubject(identity.link);
    if (linked) return this.active(linked);
    const byUsername = identity.username
      ? await this.accounts.findByUsername(identity.username)
      : null;
    if (byUsername) return this.link(this.active(byUsername), identity);
    if (identity.email && identity.emailVerified) {
      const byEmail = await this.accounts.findByEmail(identity.email);
      if (byEmail.length === 1) return this.link(this.active(byEmail[0]), identity);
    }
    return this.create(identity);
  }

  private active(account: Account): Account {
    if (account.status !== 'active')
      throw refused('ACCOUNT_DISABLED', `The account ${account.username} is disabled`);
    return account;
  }

  private async link(account: Account, identity: ProviderIdentity): Promise<Account> {
    if (account.oidc || !(await this.accounts.linkOidc(account.id, identity.link)))
      throw refused(
        'OIDC_ACCOUNT_CONFLICT',
        `The account ${account.username} is already linked to another identity at the provider`,
      );
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'oidc-linked',
      actor: account.username,
      note: identity.link.issuer,
    });
    return { ...account, oidc: identity.link };
  }

  /** Just in time, only when the provider grants a local role (and agencies where needed). */
  private async create(identity: ProviderIdentity): Promise<Account> {
    const who = identity.username ?? identity.email ?? `subject ${identity.link.subject}`;
    if (!identity.roles.length || !identity.username)
      throw refused(
        'OIDC_NO_ACCOUNT',
        `No local account for ${who}, and the identity provider grants no role of this service: ask an administrator to create the account (POST /users) with this username`,
      );
    if (identity.roles.some((r) => AGENCY_ROLES.has(r)) && !identity.agencyCodes.length)
      throw refused(
        'OIDC_NO_ACCOUNT',
        `No local account for ${who}: the identity provider grants ${identity.roles.join(', ')} but names no agency`,
      );
    const now = this.clock.now();
    const account: Account = {
      id: randomUUID(),
      username: identity.username,
      displayName: identity.displayName ?? identity.username,
      ...(identity.email && { email: identity.email }),
      roles: identity.roles,
      agencyCodes: identity.roles.some((r) => AGENCY_ROLES.has(r)) ? identity.agencyCodes : [],
      oidc: identity.link,
      status: 'active',
      passwordHash: NO_PASSWORD,
      mustChangePassword: false,
      failedLogins: 0,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: 'oidc',
      updatedBy: 'oidc',
    };
    try {
      await this.accounts.insert(account);
    } catch {
      // Two first sign-ins racing (or the username taken meanwhile): the next one links.
      throw refused(
        'OIDC_ACCOUNT_CONFLICT',
        `The account ${account.username} was just created; sign in again`,
      );
    }
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'created',
      actor: 'oidc',
      note: `at first sign-in through ${identity.link.issuer}: ${account.roles.join(', ')}`,
    });
    return account;
  }
}
