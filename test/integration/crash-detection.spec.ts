// Conflicts after a crash, without a re-scan: the service (its own process) is killed with
// SIGKILL in the middle of a burst of writes that make and unmake conflicts, and started again
// on the same database. Every acknowledged write is there, and the stored conflicts are exactly
// what a re-scan finds (the re-scan opens and closes nothing): the "touched parents" the killed
// process had announced but not yet checked were checked at the start.
import type { Db } from 'mongodb';
import { makeTaxCode } from '../support/factories';
import { callService, serviceProcessesOn, sessionHeaders } from '../support/service-process';

const ADMIN = { username: 'operator', password: 'a long crash test password 2026' };
const ENTERPRISES = 12;
const IN_FLIGHT = 12;
/** Acknowledged writes before the kill. */
const KILL_AFTER = 80;

const session = (base: string) => sessionHeaders(base, ADMIN);

describe('conflict detection across a crash (fault test)', () => {
  const processes = serviceProcessesOn('crash_detection', ADMIN);
  const start = () => processes.start();
  let db: Db;
  beforeAll(() => {
    db = processes.db();
  });

  it('killed mid-burst and restarted: every acknowledged write present, conflicts exactly a re-scan’s', async () => {
    const first = await start();
    const headers = await session(first.base);
    const agencies = ['SKHCN', 'SNV', 'SYT', 'SCT'];
    const plans: string[] = [];
    for (const code of agencies) {
      const made = await callService(first.base, headers, 'POST', '/agencies', {
        code,
        name: `Sở ${code}`,
        kind: 'specialised',
      });
      expect(made.status).toBe(201);
      const plan = await callService(first.base, headers, 'POST', '/plans', {
        agencyCode: code,
        year: 2026,
        kind: 'annual',
      });
      expect(plan.status).toBe(201);
      plans.push(plan.body.id as string);
    }
    const taxCodes = Array.from({ length: ENTERPRISES }, (_, i) => makeTaxCode(771_000 + i * 37));

    // Writers: new kiểm tra for a few enterprises (each second one of a year is a conflict),
    // and cancellations of acknowledged ones (which close conflicts again).
    const acknowledged = new Map<string, { state: string }>();
    let killed = false;
    let n = 0;
    const writer = async () => {
      while (!killed) {
        const k = n++;
        const ids = [...acknowledged.keys()];
        const res =
          k % 4 === 3 && ids.length > 0
            ? await cancel(ids[k % ids.length])
            : await add(k).catch(() => undefined);
        if (res && acknowledged.size >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    const add = async (k: number) => {
      const res = await callService(
        first.base,
        headers,
        'POST',
        `/plans/${plans[k % plans.length]}/inspections`,
        {
          taxCode: taxCodes[k % taxCodes.length],
          enterpriseName: `Công ty thử nghiệm số ${k % taxCodes.length}`,
          type: 'kiem-tra',
          form: 'on-site',
          field: 'measurement',
          content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
          window: {
            from: `2026-${String((k % 12) + 1).padStart(2, '0')}-01`,
            to: `2026-${String((k % 12) + 1).padStart(2, '0')}-20`,
          },
        },
      );
      if (res.status !== 201) return undefined;
      acknowledged.set(res.body.id as string, { state: 'planned' });
      return res;
    };
    const cancel = async (id: string) => {
      const current = await callService(first.base, headers, 'GET', `/inspections/${id}`).catch(
        () => undefined,
      );
      if (current?.status !== 200 || current.body.state === 'cancelled') return undefined;
      const res = await callService(first.base, headers, 'PATCH', `/inspections/${id}`, {
        revision: current.body.revision,
        state: 'cancelled',
        stateReason: 'Trùng với đoàn kiểm tra khác',
      }).catch(() => undefined);
      if (res?.status === 200) acknowledged.set(id, { state: 'cancelled' });
      return res;
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, writer));
    await first.exited;
    const leftover = await db.collection('touched_parents').countDocuments();
    console.log(
      `killed after ${acknowledged.size} acknowledged writes; ${leftover} checks unfinished`,
    );

    const second = await start();
    const h2 = await session(second.base);
    for (const [id, { state }] of acknowledged) {
      const got = await callService(second.base, h2, 'GET', `/inspections/${id}`);
      expect([id, got.status]).toEqual([id, 200]);
      if (state === 'cancelled') expect([id, got.body.state]).toEqual([id, 'cancelled']);
    }
    const open = await callService(
      second.base,
      h2,
      'GET',
      '/conflicts?year=2026&status=open&pageSize=100',
    );
    expect(open.body.total).toBeGreaterThan(0);
    const rescan = await callService(second.base, h2, 'POST', '/conflicts/rescan', { year: 2026 });
    expect(rescan.status).toBe(200);
    expect(rescan.body).toMatchObject({ opened: 0, closed: 0 });
    // The start checked what the killed process left unchecked.
    expect(await db.collection('touched_parents').countDocuments()).toBe(0);
  }, 180_000); // two service starts and a burst; the fault tests share the machine with the run
});
