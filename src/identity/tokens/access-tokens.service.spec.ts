import { sha256Hex } from '../secrets';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import { FakeClock } from '../../common/testing/fake-clock';
import { FakeAccessTokenRepository } from '../testing/fakes';
import { AccessTokensService } from './access-tokens.service';

const HOLDER = { accountId: 'acc-1', username: 'an.nv' };

function setup() {
  const clock = new FakeClock();
  const rows = new FakeAccessTokenRepository();
  const audit = new FakeAuditTrail(clock);
  return { clock, rows, audit, service: new AccessTokensService(rows, audit, clock) };
}

describe('AccessTokensService', () => {
  it('a token made through a token cannot grant a scope its maker lacks', async () => {
    const { service, rows } = setup();
    await expect(
      service.create({ ...HOLDER, scopes: ['read'] }, { name: 'wider', scopes: ['read', 'write'] }),
    ).rejects.toMatchObject({ status: 403, code: 'TOKEN_SCOPE_INSUFFICIENT' });
    expect(rows.rows.size).toBe(0);
    const child = await service.create({ ...HOLDER, scopes: ['read', 'write'] }, { name: 'c' });
    expect(child.scopes).toEqual(['read']);
  });

  it('reads a token stored before scopes existed as read and write', async () => {
    const { service, rows } = setup();
    const created = await service.create(HOLDER, { name: 'old' });
    delete rows.rows.get(created.id)!.scopes;
    expect((await service.list('acc-1'))[0].scopes).toEqual(['read', 'write']);
  });

  it('answers the secret once and stores only its hash; 90 days by default', async () => {
    const { service, rows, audit } = setup();
    const created = await service.create(HOLDER, { name: 'script' });
    expect(created.token).toMatch(/^isk_[A-Za-z0-9_-]{43}$/);
    expect(rows.rows.get(created.id)!.tokenHash).toBe(sha256Hex(created.token));
    expect(created.expiresAt).toEqual(new Date('2026-05-30T03:00:00Z'));
    expect(await service.list('acc-1')).toEqual([
      {
        id: created.id,
        accountId: 'acc-1',
        name: 'script',
        scopes: ['read'],
        createdAt: created.createdAt,
        expiresAt: created.expiresAt,
      },
    ]);
    expect(audit.recorded).toEqual([
      {
        entityType: 'account',
        entityId: 'acc-1',
        action: 'token-created',
        actor: 'an.nv',
        note: `script (${created.id}; read)`,
        at: created.createdAt,
      },
    ]);
  });

  it('resolves a live token until it expires', async () => {
    const { service, clock } = setup();
    const created = await service.create(HOLDER, { name: 'script', expiresInDays: 1 });
    clock.advance(86_400_000 - 1);
    expect((await service.resolve(created.token))?.id).toBe(created.id);
    clock.advance(1);
    expect(await service.resolve(created.token)).toBeNull();
  });

  it('stops a revoked token; another account revoking it gets 404', async () => {
    const { service } = setup();
    const created = await service.create(HOLDER, { name: 'script' });
    await expect(
      service.revoke({ accountId: 'acc-2', username: 'binh' }, created.id),
    ).rejects.toMatchObject({
      status: 404,
      code: 'ACCESS_TOKEN_NOT_FOUND',
    });
    expect((await service.resolve(created.token))?.id).toBe(created.id);
    await service.revoke(HOLDER, created.id);
    expect(await service.resolve(created.token)).toBeNull();
    await expect(service.revoke(HOLDER, created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('records use at most once a minute', async () => {
    const { service, clock, rows } = setup();
    const created = await service.create(HOLDER, { name: 'script' });
    await service.resolve(created.token);
    expect(rows.rows.get(created.id)!.lastUsedAt).toEqual(new Date('2026-03-01T03:00:00Z'));
    clock.advance(59_999);
    await service.resolve(created.token);
    expect(rows.rows.get(created.id)!.lastUsedAt).toEqual(new Date('2026-03-01T03:00:00Z'));
    clock.advance(1);
    await service.resolve(created.token);
    expect(rows.rows.get(created.id)!.lastUsedAt).toEqual(new Date('2026-03-01T03:01:00Z'));
  });

  it('ignores secrets without the prefix and unknown ones', async () => {
    const { service } = setup();
    const created = await service.create(HOLDER, { name: 'script' });
    expect(await service.resolve(created.token.slice(4))).toBeNull();
    expect(await service.resolve(`isk_${'A'.repeat(43)}`)).toBeNull();
  });
});
