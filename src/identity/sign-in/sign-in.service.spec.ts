import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { SessionsService } from '../sessions/sessions.service';
import { sha256Hex } from '../secrets';
import {
  anAccount,
  FakeAccountRepository,
  FakeAttemptCounter,
  FakePasswordHasher,
  FakeSessionRepository,
  settings,
} from '../testing/fakes';
import { SignInRateLimit } from './sign-in-rate-limit';
import { SignInService } from './sign-in.service';

const PASSWORD = 'sông Cổ Chiên 2026';
const CLIENT = { ip: '10.0.0.7', userAgent: 'jest' };

function setup(overrides = {}) {
  const clock = new FakeClock();
  const accounts = new FakeAccountRepository();
  const hasher = new FakePasswordHasher();
  const sessionRows = new FakeSessionRepository();
  const audit = new FakeAuditTrail(clock);
  const s = settings(overrides);
  const sessions = new SessionsService(sessionRows, clock, s);
  const service = new SignInService(
    accounts,
    hasher,
    sessions,
    new SignInRateLimit(new FakeAttemptCounter(), clock, s),
    audit,
    clock,
    s,
  );
  void accounts.insert(anAccount());
  return { clock, accounts, hasher, sessionRows, audit, service, sessions };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { status?: number; code?: string; retryAfterSeconds?: number }) =>
      `${e.status} ${e.code}${e.retryAfterSeconds ? ` ${e.retryAfterSeconds}` : ''}`,
  );

describe('SignInService', () => {
  it('signs in case-insensitively, starts a session, clears failures, audits', async () => {
    const { service, accounts, sessionRows, audit, clock } = setup();
    await accounts.recordFailedLogin('acc-1');
    const signed = await service.signIn({ username: ' AN.NV ', password: PASSWORD }, CLIENT);
    expect(signed.account.username).toBe('an.nv');
    expect(signed.mustChangePassword).toBe(false);
    expect(sessionRows.rows.get(sha256Hex(signed.sessionId))?.csrfToken).toBe(signed.csrfToken);
    expect(accounts.rows.get('acc-1')!.failedLogins).toBe(0);
    expect(audit.recorded).toEqual([
      {
        entityType: 'account',
        entityId: 'acc-1',
        action: 'signed-in',
        actor: 'an.nv',
        at: clock.now(),
      },
    ]);
  });

  it('answers an unknown user like a wrong password, after a decoy verification', async () => {
    const { service, hasher } = setup();
    expect(await codeOf(service.signIn({ username: 'ghost', password: PASSWORD }, CLIENT))).toBe(
      '401 INVALID_CREDENTIALS',
    );
    expect(hasher.verifications).toBe(1);
  });

  it('refuses a disabled account with the right password as INVALID_CREDENTIALS', async () => {
    const { service, accounts } = setup();
    accounts.rows.get('acc-1')!.status = 'disabled';
    expect(await codeOf(service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT))).toBe(
      '401 INVALID_CREDENTIALS',
    );
  });

  it('locks after 5 wrong passwords for 15 minutes without checking passwords meanwhile', async () => {
    const { service, clock, hasher, audit } = setup();
    const wrong = () => service.signIn({ username: 'an.nv', password: 'nope nope nope' }, CLIENT);
    for (let i = 0; i < 4; i++) expect(await codeOf(wrong())).toBe('401 INVALID_CREDENTIALS');
    expect(await codeOf(wrong())).toBe('423 ACCOUNT_LOCKED 900');
    expect(audit.recorded.map((e) => e.action)).toEqual(['locked']);
    const checked = hasher.verifications;
    clock.advance(14 * 60_000 + 59_000);
    expect(await codeOf(service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT))).toBe(
      '423 ACCOUNT_LOCKED 1',
    );
    expect(hasher.verifications).toBe(checked);
    clock.advance(1_000);
    expect(await codeOf(service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT))).toBe(
      'OK',
    );
  });

  it('follows configured lockout settings', async () => {
    const { service } = setup({ loginMaxFailures: 2, loginLockoutMinutes: 1 });
    const wrong = () => service.signIn({ username: 'an.nv', password: 'nope nope nope' }, CLIENT);
    expect(await codeOf(wrong())).toBe('401 INVALID_CREDENTIALS');
    expect(await codeOf(wrong())).toBe('423 ACCOUNT_LOCKED 60');
  });

  it('rate-limits per IP and username before any password is checked', async () => {
    const { service, hasher, clock } = setup({ loginRateLimit: 3, loginRateWindowSeconds: 60 });
    const attempt = (ip = CLIENT.ip) =>
      service.signIn({ username: 'ghost', password: PASSWORD }, { ...CLIENT, ip });
    for (let i = 0; i < 3; i++) expect(await codeOf(attempt())).toBe('401 INVALID_CREDENTIALS');
    expect(await codeOf(attempt())).toBe('429 RATE_LIMITED 60');
    expect(hasher.verifications).toBe(3);
    expect(await codeOf(attempt('10.0.0.8'))).toBe('401 INVALID_CREDENTIALS');
    clock.advance(60_000);
    expect(await codeOf(attempt())).toBe('401 INVALID_CREDENTIALS');
  });

  it('rotates: the session id brought along ends, the new one differs', async () => {
    const { service, sessionRows } = setup();
    const first = await service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT);
    const second = await service.signIn(
      { username: 'an.nv', password: PASSWORD },
      CLIENT,
      first.sessionId,
    );
    expect(second.sessionId).not.toBe(first.sessionId);
    expect([...sessionRows.rows.keys()]).toEqual([sha256Hex(second.sessionId)]);
  });

  describe('changePassword', () => {
    async function signedIn() {
      const ctx = setup();
      ctx.accounts.rows.get('acc-1')!.mustChangePassword = true;
      const a = await ctx.service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT);
      const b = await ctx.service.signIn({ username: 'an.nv', password: PASSWORD }, CLIENT);
      const principal = {
        accountId: 'acc-1',
        username: 'an.nv',
        roles: ['officer' as const],
        agencyCodes: ['SKHCN'],
        via: 'session' as const,
        credentialHash: sha256Hex(a.sessionId),
        mustChangePassword: true,
      };
      return { ...ctx, a, b, principal };
    }

    it('sets the new hash, clears mustChangePassword, ends the other sessions only', async () => {
      const { service, accounts, sessionRows, principal, a } = await signedIn();
      const view = await service.changePassword(
        principal,
        { currentPassword: PASSWORD, newPassword: 'một mật khẩu mới dài' },
        a.sessionId,
      );
      expect(view.mustChangePassword).toBe(false);
      expect(view.revision).toBe(2);
      expect(accounts.rows.get('acc-1')!.passwordHash).toBe('hashed:một mật khẩu mới dài');
      expect([...sessionRows.rows.keys()]).toEqual([sha256Hex(a.sessionId)]);
    });

    it('counts a wrong current password toward the lockout', async () => {
      const { service, accounts, principal } = await signedIn();
      const wrong = await codeOf(
        service.changePassword(principal, {
          currentPassword: 'x',
          newPassword: 'một mật khẩu mới dài',
        }),
      );
      expect(wrong).toBe('422 WRONG_CURRENT_PASSWORD');
      expect(accounts.rows.get('acc-1')!.failedLogins).toBe(1);
    });

    it('applies the policy to the new password and refuses the same one', async () => {
      const { service, principal } = await signedIn();
      expect(
        await codeOf(
          service.changePassword(principal, { currentPassword: PASSWORD, newPassword: 'short' }),
        ),
      ).toBe('422 WEAK_PASSWORD');
      expect(
        await codeOf(
          service.changePassword(principal, { currentPassword: PASSWORD, newPassword: PASSWORD }),
        ),
      ).toBe('422 PASSWORD_UNCHANGED');
    });
  });
});
