import { Logger } from '@nestjs/common';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { SessionsService } from '../sessions/sessions.service';
import {
  anAccount,
  FakeAccountRepository,
  FakePasswordHasher,
  FakeSessionRepository,
  settings,
} from '../testing/fakes';
import { AccountsService } from './accounts.service';
import { FirstRunBootstrap } from './first-run';

function setup(env: { adminUsername?: string; adminPassword?: string } = {}) {
  const clock = new FakeClock();
  const accounts = new FakeAccountRepository();
  const s = settings(env);
  const service = new AccountsService(
    accounts,
    new FakePasswordHasher(),
    new SessionsService(new FakeSessionRepository(), clock, s),
    new FakeAuditTrail(clock),
    clock,
  );
  return { accounts, bootstrap: new FirstRunBootstrap(accounts, service, s) };
}

describe('first run', () => {
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('creates `admin` with a one-time password printed once, to be changed', async () => {
    const { accounts, bootstrap } = setup();
    expect(await bootstrap.ensureAdministrator()).toBe('one-time-password');
    const [admin] = accounts.rows.values();
    expect(admin).toMatchObject({ username: 'admin', roles: ['admin'], mustChangePassword: true });
    const password = admin.passwordHash.replace(/^hashed:/, '');
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain(`one-time password ${password} `);
  });

  it('creates the administrator from ADMIN_USERNAME and ADMIN_PASSWORD, not must-change', async () => {
    const { accounts, bootstrap } = setup({
      adminUsername: 'Root',
      adminPassword: 'correct horse battery',
    });
    expect(await bootstrap.ensureAdministrator()).toBe('from-environment');
    const [admin] = accounts.rows.values();
    expect(admin).toMatchObject({
      username: 'root',
      passwordHash: 'hashed:correct horse battery',
      mustChangePassword: false,
    });
    expect(warn).not.toHaveBeenCalled();
    expect(JSON.stringify(log.mock.calls)).not.toContain('correct horse battery');
  });

  it('applies the password policy to ADMIN_PASSWORD', async () => {
    const { bootstrap } = setup({ adminUsername: 'root', adminPassword: 'short' });
    await expect(bootstrap.ensureAdministrator()).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
  });

  it('does nothing once an account exists', async () => {
    const { accounts, bootstrap } = setup({
      adminUsername: 'root',
      adminPassword: 'correct horse battery',
    });
    await accounts.insert(anAccount());
    expect(await bootstrap.ensureAdministrator()).toBe('exists');
    expect(accounts.rows.size).toBe(1);
  });

  it('refuses half of the pair', async () => {
    const { bootstrap } = setup({ adminUsername: 'root' });
    await expect(bootstrap.ensureAdministrator()).rejects.toThrow(
      'ADMIN_USERNAME and ADMIN_PASSWORD must be set together',
    );
  });
});
