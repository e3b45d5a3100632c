import type { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/app-config';
import type { JobLeases } from '../common/jobs/job-lease';
import { RescanService } from './rescan.service';
import { conflictWorld, inspection, TAX } from './testing/world';

function rescanWorld(o: { leaseHeld?: boolean } = {}) {
  const w = conflictWorld({
    inspections: [
      inspection('a'),
      inspection('b', { window: { from: '2026-04-15', to: '2026-05-15' } }),
      inspection('c', {
        taxCode: TAX.saigonCoop,
        parentTaxCode: TAX.saigonCoop,
        type: 'thanh-tra',
      }),
      inspection('old', { year: 2024, window: { from: '2024-04-01', to: '2024-04-30' } }),
    ],
  });
  const leases = {
    jobs: [] as string[],
    async runExclusive<T>(job: string, _ttl: number, work: () => Promise<T>) {
      leases.jobs.push(job);
      return o.leaseHeld ? undefined : work();
    },
  };
  const rescan = new RescanService(
    { schedulerEnabled: false, rescanCron: '0 2 * * *' } as AppConfig,
    w.inspections,
    w.conflicts,
    w.detection,
    leases as unknown as JobLeases,
    {} as SchedulerRegistry,
    w.clock,
  );
  return { ...w, rescan, leases };
}

describe('RescanService', () => {
  it('opens the year’s conflicts, counting what it read', async () => {
    const w = rescanWorld();
    const { durationMs: _d, ...report } = await w.rescan.rescan(2026, 'An');
    expect(report).toEqual({
      year: 2026,
      inspections: 3,
      enterprises: 2,
      detected: 3,
      opened: 3,
      skipped: 0,
      closed: 0,
    });
    expect(w.conflicts.all().map((c) => [c.ruleId, c.inspectionIds, c.status])).toEqual([
      ['nq198.frequency.kiem-tra', ['a', 'b'], 'open'],
      ['nq198.window-overlap', ['a', 'b'], 'open'],
      ['nq198.thanh-tra-authority', ['c'], 'open'],
    ]);
    expect(w.leases.jobs).toEqual(['conflicts.rescan.2026']);
  });

  it('closes what went away and sweeps conflicts whose inspections are all gone', async () => {
    const w = rescanWorld();
    await w.rescan.rescan(2026, 'An');
    w.conflicts.age();
    w.inspections.rows.get('b')!.window = { from: '2026-09-01', to: '2026-09-30' };
    w.inspections.rows.delete('c');
    const { durationMs: _d, ...report } = await w.rescan.rescan(2026, 'An');
    expect(report).toEqual({
      year: 2026,
      inspections: 2,
      enterprises: 1,
      detected: 1,
      opened: 0,
      skipped: 0,
      closed: 2,
    });
    expect(w.conflicts.all().map((c) => [c.ruleId, c.status, c.closure?.reason])).toEqual([
      ['nq198.frequency.kiem-tra', 'open', undefined],
      ['nq198.window-overlap', 'closed', 'cause-removed'],
      ['nq198.thanh-tra-authority', 'closed', 'inspection-removed'],
    ]);
  });

  it('reads the years either side once, and keeps a parent whole across reads', async () => {
    const w = rescanWorld();
    // One record per read: enterprise A's two inspections arrive in different batches.
    w.inspections.detectionBatch = 1;
    const { durationMs: _d, ...report } = await w.rescan.rescan(2026, 'An');
    expect(report).toMatchObject({ inspections: 3, enterprises: 2, detected: 3, opened: 3 });
    expect(w.inspections.streamed).toEqual([{ yearFrom: 2025, yearTo: 2027 }]);
    expect(w.conflicts.all().map((c) => c.inspectionIds)).toEqual([['a', 'b'], ['a', 'b'], ['c']]);
  });

  it('checks one batch while gathering the next, and answers a batch that failed, never leaving it unhandled', async () => {
    const w = rescanWorld();
    // 2,001 parents: two batches of the scan (2,000 parents each at most).
    for (let n = 0; n < 2_001; n++) {
      const tax = String(4_000_000_000 + n);
      w.inspections.rows.set(`p${n}`, inspection(`p${n}`, { taxCode: tax, parentTaxCode: tax }));
    }
    const log: string[] = [];
    const reconcile = w.detection.reconcile.bind(w.detection);
    let batches = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    w.detection.reconcile = async (...args) => {
      const n = ++batches;
      log.push(`check ${n} of ${args[1].length} parents`);
      if (n === 1) {
        await held;
        throw new Error('database lost');
      }
      return reconcile(...args);
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const scanning = w.rescan.rescan(2026, 'An');
      // The first batch is being checked; the scan reads on meanwhile, but starts no second
      // check before the first is answered.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(log).toEqual(['check 1 of 2000 parents']);
      release();
      await expect(scanning).rejects.toThrow('database lost');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect([log, unhandled]).toEqual([['check 1 of 2000 parents'], []]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('leaves other years’ conflicts to their own scan', async () => {
    const w = rescanWorld();
    w.inspections.rows.set(
      'old2',
      inspection('old2', { year: 2025, window: { from: '2025-04-10', to: '2025-05-10' } }),
    );
    w.inspections.rows.get('old')!.year = 2025;
    w.inspections.rows.get('old')!.window = { from: '2025-04-01', to: '2025-04-30' };
    await w.rescan.rescan(2026, 'An');
    expect(w.conflicts.all().map((c) => c.year)).toEqual([2026, 2026, 2026]);
  });

  it('refuses while another instance scans the same year', async () => {
    const w = rescanWorld({ leaseHeld: true });
    await expect(w.rescan.rescan(2026, 'An')).rejects.toMatchObject({
      status: 409,
      code: 'RESCAN_RUNNING',
      message: 'A re-scan of 2026 is already running',
    });
    expect(w.conflicts.all()).toEqual([]);
  });

  it('nightly: scans this year and the next, each under its own lease', async () => {
    const w = rescanWorld();
    await w.rescan.nightlyRescan();
    expect(w.leases.jobs).toEqual(['conflicts.rescan.2026', 'conflicts.rescan.2027']);
    expect(w.conflicts.all().length).toBe(3);
  });

  it('registers no nightly job when the scheduler is off', () => {
    const w = rescanWorld();
    expect(() => w.rescan.onApplicationBootstrap()).not.toThrow();
  });
});
