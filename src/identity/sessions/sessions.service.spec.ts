import { sha256Hex } from '../secrets';
import { FakeClock } from '../../common/testing/fake-clock';
import { FakeSessionRepository, settings } from '../testing/fakes';
import { SessionsService } from './sessions.service';

const MIN = 60_000;

function setup() {
  const clock = new FakeClock();
  const rows = new FakeSessionRepository();
  return { clock, rows, service: new SessionsService(rows, clock, settings()) };
}

describe('SessionsService', () => {
  it('stores only the hash of a random 256-bit id', async () => {
    const { service, rows } = setup();
    const { sessionId, session } = await service.start('acc-1', { ip: '10.0.0.7' });
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...rows.rows.keys()]).toEqual([sha256Hex(sessionId)]);
    expect(JSON.stringify(session)).not.toContain(sessionId);
    expect(session.expiresAt).toEqual(new Date('2026-03-01T03:30:00Z'));
    expect(session.absoluteExpiresAt).toEqual(new Date('2026-03-01T15:00:00Z'));
  });

  it('ends a session idle for 30 minutes', async () => {
    const { service, clock, rows } = setup();
    const { sessionId } = await service.start('acc-1', {});
    clock.advance(30 * MIN - 1);
    expect((await service.resolve(sessionId))?.accountId).toBe('acc-1');
    clock.advance(30 * MIN);
    expect(await service.resolve(sessionId)).toBeNull();
    expect(rows.rows.size).toBe(0);
  });

  it('moves the idle expiry on activity, writing at most once a minute', async () => {
    const { service, clock, rows } = setup();
    const { sessionId } = await service.start('acc-1', {});
    clock.advance(59_000);
    await service.resolve(sessionId);
    expect(rows.rows.get(sha256Hex(sessionId))!.expiresAt).toEqual(
      new Date('2026-03-01T03:30:00Z'),
    );
    clock.advance(1_000);
    await service.resolve(sessionId);
    expect(rows.rows.get(sha256Hex(sessionId))!.expiresAt).toEqual(
      new Date('2026-03-01T03:31:00Z'),
    );
  });

  it('ends any session 12 hours after sign-in however active', async () => {
    const { service, clock } = setup();
    const { sessionId } = await service.start('acc-1', {});
    for (let i = 0; i < 12 * 3 - 1; i++) {
      clock.advance(20 * MIN);
      expect(await service.resolve(sessionId)).not.toBeNull();
    }
    clock.advance(20 * MIN);
    expect(await service.resolve(sessionId)).toBeNull();
  });

  it('caps the idle expiry at the absolute one', async () => {
    const { service, clock, rows } = setup();
    const { sessionId } = await service.start('acc-1', {});
    for (let i = 0; i < 12 * 3 - 1; i++) {
      clock.advance(20 * MIN);
      await service.resolve(sessionId);
    }
    expect(rows.rows.get(sha256Hex(sessionId))!.expiresAt).toEqual(
      new Date('2026-03-01T15:00:00Z'),
    );
  });

  it('ends one session, or all of an account but one', async () => {
    const { service, rows } = setup();
    const a = await service.start('acc-1', {});
    const b = await service.start('acc-1', {});
    const c = await service.start('acc-1', {});
    const other = await service.start('acc-2', {});
    await service.end(a.sessionId);
    expect(await service.resolve(a.sessionId)).toBeNull();
    expect(await service.endAllFor('acc-1', b.sessionId)).toBe(1);
    expect([...rows.rows.keys()].sort()).toEqual(
      [sha256Hex(b.sessionId), sha256Hex(other.sessionId)].sort(),
    );
    expect(await service.resolve(c.sessionId)).toBeNull();
  });
});
