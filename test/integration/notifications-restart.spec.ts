// The service killed in the middle of a send (SIGKILL: no shutdown hook runs) and started
// again on the same database: every notification still arrives exactly once. The SMTP server
// holds its answer to one message's DATA, so the kill lands while that message is in flight
// (sent but not accepted); the next process takes the lease once it expires and sends what is
// left, that message included.
import {
  callService,
  serviceProcessesOn,
  sessionHeaders,
  waitFor,
} from '../support/service-process';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';

const ADMIN = { username: 'operator', password: 'a long restart test password' };
const COUNT = 20;

const session = (base: string) => sessionHeaders(base, ADMIN);

async function post(base: string, headers: Record<string, string>, path: string, body: unknown) {
  const res = await callService(base, headers, 'POST', path, body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('notifications across a crash', () => {
  let sink: SmtpSink;
  const processes = serviceProcessesOn('notify_restart', ADMIN);
  // The scheduler on, polling fast, a lease short enough to expire within the test.
  const start = () =>
    processes.start({
      SCHEDULER_ENABLED: 'true',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Thanh tra tỉnh <lich@ttt.example.gov.vn>',
      NOTIFICATIONS_POLL_MS: '100',
      NOTIFICATIONS_LEASE_MS: '2000',
      NOTIFICATIONS_RETRY_BASE_MS: '100',
    });

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it('killed mid-send and restarted: each of the notifications arrives exactly once', async () => {
    const first = await start();
    const headers = await session(first.base);
    const codes = Array.from({ length: COUNT }, (_, i) => `CQ${i}`);
    for (const code of codes)
      await post(first.base, headers, '/agencies', {
        code,
        name: `Cơ quan ${code}`,
        kind: 'other',
        contactEmail: `${code.toLowerCase()}@example.vn`,
      });
    // From the sixth message on, the server keeps its answer back (the sender has up to four
    // in flight at once, over its pooled connections).
    sink.hold((_raw, arrival) => arrival >= 5);
    await post(first.base, headers, '/meetings', {
      title: 'Họp phối hợp năm 2026',
      start: '2026-03-10T08:00:00+07:00',
      end: '2026-03-10T11:30:00+07:00',
      place: 'Phòng họp số 2',
      chair: 'Phó Chánh Thanh tra tỉnh',
      agencyCodes: codes,
      scope: { year: 2026 },
    });
    await waitFor('a message in flight', first, async () =>
      sink.held() > 0 && sink.received.length === 5 ? true : undefined,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    sink.discardHeld(); // never answered: not accepted
    sink.hold(undefined);

    const second = await start();
    await sink.waitFor(COUNT, 45_000);
    // Give a duplicate the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    const keys = sink.received.map((m) => m.key);
    expect(keys).toHaveLength(COUNT);
    expect(new Set(keys).size).toBe(COUNT);
    expect(sink.received.map((m) => m.rcptTo[0]).sort()).toEqual(
      codes.map((c) => `${c.toLowerCase()}@example.vn`).sort(),
    );

    const outbox = (
      await callService(
        second.base,
        await session(second.base),
        'GET',
        '/notifications/outbox?status=sent&pageSize=100',
      )
    ).body as { total: number; items: { attempts: number }[] };
    expect(outbox.total).toBe(COUNT);
    // The message caught in flight was claimed twice: once by the killed process, once after.
    expect(Math.max(...outbox.items.map((m) => m.attempts))).toBe(2);
  });
});
