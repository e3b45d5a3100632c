import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit';
import { RuleViolationError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import {
  AccountRepository,
  AccountView,
  normalizeUsername,
  toAccountView,
} from '../accounts/account';
import { Principal } from '../authentication/principal';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { AccountLockedError, NotAuthenticatedError } from '../identity-errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertPasswordPolicy } from '../passwords/password-policy';
import { randomSecret } from '../secrets';
import { ClientInfo, SessionsService } from '../sessions/sessions.service';
import { SignInRateLimit } from './sign-in-rate-limit';

export interface SignedIn {
  sessionId: string;
  account: AccountView;
  csrfToken: string;
  mustChangePassword: boolean;
}

const invalidCredentials = () =>
  new NotAuthenticatedError('INVALID_CREDENTIALS', 'Wrong username or password');

@Injectable()
export class SignInService {
  /** Verified against when the username is unknown, so both cases take the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly rateLimit: SignInRateLimit,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  /**
   * 429 past the rate limit; 423 while locked (the password is not even checked); 401
   * INVALID_CREDENTIALS for an unknown user, a wrong password or a disabled account alike.
   */
  async signIn(
    input: { username: string; password: string },
    client: ClientInfo & { ip: string },
    previousSessionId?: string,
  ): Promise<SignedIn> {
    const username = normalizeUsername(input.username);
    await this.rateLimit.admit(client.ip, username);
    const account = await this.accounts.findByUsername(username);
    if (!account) {
      await this.hasher.verify(await this.decoy(), input.password);
      throw invalidCredentials();
    }
    const now = this.clock.now();
    if (account.lockedUntil && now < account.lockedUntil)
      throw lockedUntil(account.lockedUntil, now);
    const matches = await this.hasher.verify(account.passwordHash, input.password);
    if (!matches) {
      const failures = await this.accounts.recordFailedLogin(account.id);
      if (failures >= this.settings.loginMaxFailures) {
        const until = new Date(now.getTime() + this.settings.loginLockoutMinutes * 60_000);
        await this.accounts.lock(account.id, until);
        await this.audit.record({
          entityType: 'account',
          entityId: account.id,
          action: 'locked',
          actor: 'system',
          note: `${failures} wrong passwords in a row`,
        });
        throw lockedUntil(until, now);
      }
      throw invalidCredentials();
    }
    if (account.status !== 'active') throw invalidCredentials();
    await this.accounts.recordSuccessfulLogin(account.id, now);
    const { sessionId, session } = await this.sessions.start(account.id, client, previousSessionId);
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'signed-in',
      actor: account.username,
    });
    return {
      sessionId,
      account: toAccountView({
        ...account,
        failedLogins: 0,
        lockedUntil: undefined,
        lastLoginAt: now,
      }),
      csrfToken: session.csrfToken,
      mustChangePassword: account.mustChangePassword,
    };
  }

  /**
   * The owner replaces their password (also the way out of mustChangePassword). A wrong
   * current password counts toward the lockout, like a wrong sign-in. Every other session of
   * the account ends.
   */
  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
    keepSessionId?: string,
  ): Promise<AccountView> {
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw invalidCredentials();
    if (!(await this.hasher.verify(account.passwordHash, input.currentPassword))) {
      const failures = await this.accounts.recordFailedLogin(account.id);
      if (failures >= this.settings.loginMaxFailures)
        await this.accounts.lock(
          account.id,
          new Date(this.clock.now().getTime() + this.settings.loginLockoutMinutes * 60_000),
        );
      throw new RuleViolationError('WRONG_CURRENT_PASSWORD', 'The current password is wrong', [
        { field: 'currentPassword', code: 'WRONG_PASSWORD', message: 'currentPassword is wrong' },
      ]);
    }
    assertPasswordPolicy(input.newPassword, account.username, 'newPassword');
    if (input.newPassword === input.currentPassword)
      throw new RuleViolationError('PASSWORD_UNCHANGED', 'The new password must differ', [
        {
          field: 'newPassword',
          code: 'PASSWORD_UNCHANGED',
          message: 'newPassword must differ from currentPassword',
        },
      ]);
    const now = this.clock.now();
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.accounts.setPassword(account.id, passwordHash, false, now, account.username);
    await this.sessions.endAllFor(account.id, keepSessionId);
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'password-changed',
      actor: account.username,
    });
    return toAccountView({
      ...account,
      passwordHash,
      mustChangePassword: false,
      revision: account.revision + 1,
      updatedAt: now,
      updatedBy: account.username,
    });
  }

  async signOut(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.sessions.end(sessionId);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(randomSecret());
    return this.decoyHash;
  }
}

function lockedUntil(until: Date, now: Date): AccountLockedError {
  return new AccountLockedError(
    'ACCOUNT_LOCKED',
    'Too many wrong passwords: sign-in is locked for a while',
    Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  );
}
