import { SchedulerRegistry } from '@nestjs/schedule';
import type { JobLeases } from '../../common/jobs/job-lease';
import { FakeClock } from '../../common/testing/fake-clock';
import type { AppConfig } from '../../config/app-config';
import { FakeMailTransport } from '../testing/fake-mail-transport';
import { FakeOutboxRepository } from '../testing/fake-outbox';
import { isPermanentFailure, retryDelayMs } from './backoff';
import { OutboxSender } from './outbox-sender.service';

const config = {
  schedulerEnabled: true,
  notificationsWorker: true,
  notificationsPollMs: 1000,
  notificationsLeaseMs: 60_000,
  notificationsRetryBaseMs: 30_000,
  notificationsRetryMaxMs: 3_600_000,
} as AppConfig;

function setup(options: { leaseHeld?: boolean; enabled?: boolean } = {}) {
  const clock = new FakeClock(new Date('2026-03-01T03:00:00Z'));
  const outbox = new FakeOutboxRepository();
  const transport = new FakeMailTransport(options.enabled ?? true);
  const leases = {
    holder: 'me',
    acquire: jest.fn(async () => options.leaseHeld !== false),
    release: jest.fn(async () => undefined),
  } as unknown as JobLeases;
  const scheduler = new SchedulerRegistry();
  const sender = new OutboxSender(config, outbox, transport, leases, scheduler, clock);
  const enqueue = (n: number) =>
    outbox.enqueue(
      Array.from({ length: n }, (_, i) => ({
        key: `k${i}`,
        kind: 'meeting-invitation' as const,
        mail: { to: `a${i}@x.vn`, subject: 's', text: 't' },
      })),
      clock.now(),
    );
  return { clock, outbox, transport, leases, scheduler, sender, enqueue };
}

describe('retry delays', () => {
  it('double from the base and stop at the cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 30_000, 3_600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(8, 30_000, 3_600_000)).toBe(3_600_000);
    expect(retryDelayMs(10_000, 30_000, 3_600_000)).toBe(3_600_000);
  });
  it('call only a 5xx answer permanent', () => {
    expect([undefined, 421, 451, 499, 500, 550, 554, 600].map(isPermanentFailure)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('OutboxSender', () => {
  it('sends every due message once, with its Message-ID and key, and marks it sent', async () => {
    const { sender, outbox, transport, enqueue } = setup();
    await enqueue(45); // more than one batch
    expect(await sender.tick()).toEqual({ sent: 45, retried: 0, failed: 0 });
    expect(transport.sent.map((s) => s.key).sort()).toEqual(
      outbox.messages.map((m) => m.key).sort(),
    );
    expect(transport.sent[0].messageId).toBe('<k0@test>');
    expect(
      outbox.messages.every((m) => m.status === 'sent' && m.sentResponse?.startsWith('250')),
    ).toBe(true);
    expect(await sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('sends nothing while another replica holds the lease', async () => {
    const { sender, transport, enqueue } = setup({ leaseHeld: false });
    await enqueue(3);
    expect(await sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(transport.sent).toHaveLength(0);
  });

  it('retries a transient failure after the back-off, keeps the answer, fails a 5xx for good', async () => {
    const { sender, outbox, transport, enqueue, clock } = setup();
    await enqueue(2);
    transport.failNext(
      { code: 451, message: '451 4.3.0 try later' },
      { code: 550, message: '550 no such user' },
    );
    expect(await sender.tick()).toEqual({ sent: 0, retried: 1, failed: 1 });
    const [retried, failed] = outbox.messages;
    expect(retried).toMatchObject({
      status: 'queued',
      lastError: { responseCode: 451, response: '451 4.3.0 try later', permanent: false },
    });
    expect(retried.nextAttemptAt.getTime() - clock.now().getTime()).toBe(30_000);
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: { responseCode: 550, permanent: true },
    });
    clock.advance(29_999);
    expect(await sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(await sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(outbox.messages[0].attempts).toBe(2);
  });

  it('no answer at all (connection refused) is transient, and the second delay doubles', async () => {
    const { sender, outbox, transport, enqueue, clock } = setup();
    await enqueue(1);
    transport.failNext({ message: 'connect ECONNREFUSED' }, { message: 'connect ECONNREFUSED' });
    await sender.tick();
    clock.advance(30_000);
    await sender.tick();
    expect(outbox.messages[0]).toMatchObject({ status: 'queued', attempts: 2 });
    expect(outbox.messages[0].nextAttemptAt.getTime() - clock.now().getTime()).toBe(60_000);
  });

  it('takes over a message whose sender died once its claim expired', async () => {
    const { sender, outbox, transport, enqueue, clock } = setup();
    await enqueue(1);
    await outbox.claimDue(clock.now(), 'dead', new Date(clock.now().getTime() + 60_000), 10);
    expect(await sender.tick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(60_001);
    expect(await sender.tick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(transport.sent).toHaveLength(1);
  });

  it('is scheduled only with the flags on and mail configured, and claims nothing with mail off', async () => {
    const on = setup();
    on.sender.onApplicationBootstrap();
    expect(on.scheduler.getIntervals()).toEqual(['notifications.outbox']);
    await on.sender.onApplicationShutdown();
    expect(on.scheduler.getIntervals()).toEqual([]);

    const off = setup({ enabled: false });
    off.sender.onApplicationBootstrap();
    expect(off.scheduler.getIntervals()).toEqual([]);
    await off.enqueue(1);
    expect(await off.sender.tick()).toBeUndefined();
    expect(off.outbox.messages[0]).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
