// Outbox figures: mails/s from the outbox to a local SMTP server (smtp-server, in this
// process) through the real sender, and what notifications add to a meeting write (the
// invitations enqueued in that step: recipients read, iTIP rendered, documents inserted).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { MeetingInvitationsService } from '../src/notifications/invitations/meeting-invitations.service';
import { OutboxRepository } from '../src/notifications/outbox/outbox';
import { OutboxSender } from '../src/notifications/outbox/outbox-sender.service';
import { AgencyRepository } from '../src/agencies/agency';
import type { Meeting } from '../src/meetings/meeting';
import { percentile, startBenchApp } from './support/bench-app';

const MAILS = Number(process.env.BENCH_OUTBOX_MAILS ?? 2000);
const WRITES = Number(process.env.BENCH_OUTBOX_WRITES ?? 200);

async function smtpServer(): Promise<{ port: number; count: () => number; close: () => void }> {
  let count = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        cb(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, count: () => count, close: () => server.close() };
}

function meeting(id: string, agencyCodes: string[], revision = 1): Meeting {
  const at = new Date();
  return {
    id,
    title: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
    start: new Date('2026-03-10T01:00:00Z'),
    end: new Date('2026-03-10T04:30:00Z'),
    place: 'Phòng họp số 2, Thanh tra tỉnh',
    chair: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An',
    agencyCodes,
    scope: { year: 2026 },
    status: 'planned',
    agenda: [],
    attendees: [],
    revision,
    createdAt: at,
    updatedAt: at,
    createdBy: 'bench',
    updatedBy: 'bench',
  };
}

async function main() {
  const smtp = await smtpServer();
  Object.assign(process.env, {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Thanh tra tỉnh <lich@ttt.example.gov.vn>',
  });
  const bench = await startBenchApp('outbox');
  try {
    const outbox = bench.app.get(OutboxRepository);
    const sender = bench.app.get(OutboxSender);
    const invitations = bench.app.get(MeetingInvitationsService);
    const agencies = bench.app.get(AgencyRepository);
    console.log(`backend: ${bench.backend}`);

    // 1. Throughput: MAILS messages enqueued, then drained by one sender.
    const mail = {
      subject: 'Mời họp: Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026',
      text: 'Kính gửi quý cơ quan,\n\nTrân trọng kính mời quý cơ quan dự cuộc họp.\n'.repeat(5),
    };
    let started = Date.now();
    for (let i = 0; i < MAILS; i += 500) {
      await outbox.enqueue(
        Array.from({ length: Math.min(500, MAILS - i) }, (_, j) => ({
          key: `bench:${i + j}`,
          kind: 'meeting-invitation' as const,
          mail: { to: `cq${i + j}@example.vn`, ...mail },
        })),
        new Date(),
      );
    }
    const enqueueMs = Date.now() - started;
    started = Date.now();
    const report = await sender.tick();
    const sendMs = Date.now() - started;
    console.log(
      `enqueue: ${MAILS} messages in ${enqueueMs} ms (${Math.round((MAILS * 1000) / enqueueMs)} /s, batches of 500)`,
    );
    console.log(
      `send: ${report?.sent} sent (${smtp.count()} received) in ${sendMs} ms = ${((MAILS * 1000) / sendMs).toFixed(0)} mails/s to a local SMTP server, one sender`,
    );

    // 2. Cost added to a meeting write: the invitations step alone, per write.
    for (const n of [1, 10]) {
      const codes = Array.from({ length: n }, (_, i) => `B${n}X${i}`);
      for (const code of codes)
        await agencies.insert({
          code,
          name: `Cơ quan ${code}`,
          kind: 'other',
          active: true,
          contactEmail: `${code.toLowerCase()}@example.vn`,
          createdAt: new Date(),
          updatedAt: new Date(),
        });
      const times: number[] = [];
      for (let w = 0; w < WRITES; w++) {
        const t0 = process.hrtime.bigint();
        await invitations.meetingChanged({
          meeting: meeting(`m-${n}-${w}`, codes),
          actor: 'bench',
        });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(
        `invitations added to a meeting write, ${n} invitee(s): median ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (${WRITES} writes)`,
      );
    }
    // A write that notifies nobody (notes changed): the decision alone.
    const quiet: number[] = [];
    for (let w = 0; w < WRITES; w++) {
      const before = meeting(`q-${w}`, ['B1X0']);
      const t0 = process.hrtime.bigint();
      await invitations.meetingChanged({
        meeting: { ...before, notes: 'x', revision: 2 },
        previous: before,
        actor: 'bench',
      });
      quiet.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    quiet.sort((a, b) => a - b);
    console.log(
      `a meeting write that invites no one (notes only): median ${percentile(quiet, 50).toFixed(3)} ms`,
    );
  } finally {
    await bench.close();
    smtp.close();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
