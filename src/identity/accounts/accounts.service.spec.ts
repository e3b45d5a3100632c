import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import type { Principal } from '../authentication/principal';
import { SessionsService } from '../sessions/sessions.service';
import {
  anAccount,
  FakeAccountRepository,
  FakePasswordHasher,
  FakeSessionRepository,
  settings,
} from '../testing/fakes';
import { AccountsService } from './accounts.service';

const ADMIN_ID = 'acc-admin';

function setup() {
  const clock = new FakeClock();
  const accounts = new FakeAccountRepository();
  const sessions = new SessionsService(new FakeSessionRepository(), clock, settings());
  const audit = new FakeAuditTrail(clock);
  const service = new AccountsService(accounts, new FakePasswordHasher(), sessions, audit, clock);
  void accounts.insert(
    anAccount({ id: ADMIN_ID, username: 'anh.nv', roles: ['admin'], agencyCodes: [] }),
  );
  void accounts.insert(anAccount());
  const admin: Principal = {
    accountId: ADMIN_ID,
    username: 'anh.nv',
    roles: ['admin'],
    agencyCodes: [],
    via: 'session',
    credentialHash: 'x',
    mustChangePassword: false,
  };
  return { service, accounts, audit, admin };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { status: number; code: string; details?: { field: string }[] }) =>
      `${e.status} ${e.code} ${(e.details ?? []).map((d) => d.field).join(',')}`,
  );

describe('AccountsService.update: an administrator cannot lock themselves out', () => {
  it('refuses removing their own admin role, beside the roles, and writes nothing', async () => {
    const { service, accounts, audit, admin } = setup();
    await expect(
      refusal(service.update(ADMIN_ID, { revision: 1, roles: ['coordinator'] }, admin)),
    ).resolves.toBe('422 SELF_LOCKOUT roles');
    expect(accounts.rows.get(ADMIN_ID)!.roles).toEqual(['admin']);
    expect(audit.recorded).toEqual([]);
  });

  it('refuses disabling their own account, beside the status', async () => {
    const { service, accounts, admin } = setup();
    await expect(
      refusal(service.update(ADMIN_ID, { revision: 1, status: 'disabled' }, admin)),
    ).resolves.toBe('422 SELF_LOCKOUT status');
    expect(accounts.rows.get(ADMIN_ID)!.status).toBe('active');
  });

  it('lets them edit their own name and another account’s role and status', async () => {
    const { service, accounts, admin } = setup();
    await service.update(ADMIN_ID, { revision: 1, displayName: 'Nguyễn Hữu Anh' }, admin);
    await service.update('acc-1', { revision: 1, roles: ['viewer'], status: 'disabled' }, admin);
    expect(accounts.rows.get(ADMIN_ID)!.displayName).toBe('Nguyễn Hữu Anh');
    expect(accounts.rows.get('acc-1')).toMatchObject({ roles: ['viewer'], status: 'disabled' });
  });
});
