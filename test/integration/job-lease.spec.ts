// N replicas, one run: the lease in MongoDB that guards scheduled jobs.
import { Test } from '@nestjs/testing';
import { Logger } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { JobLeaseModule, JobLeases, LeasedIntervals } from '../../src/common/jobs/job-lease';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from '../support/database';

async function replica(dbName: string) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MongooseModule.forRoot(testMongoUri(), { dbName }),
      ScheduleModule.forRoot(),
      JobLeaseModule,
    ],
  }).compile();
  await moduleRef.init();
  return {
    leases: moduleRef.get(JobLeases),
    intervals: moduleRef.get(LeasedIntervals),
    scheduler: moduleRef.get(SchedulerRegistry),
    close: () => moduleRef.close(),
  };
}

describe('job leases', () => {
  const dbName = uniqueDatabaseName('leases');
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;
  beforeAll(async () => {
    a = await replica(dbName);
    b = await replica(dbName);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropDatabase(dbName);
  });

  it('lets exactly one of two replicas hold a job at a time', async () => {
    const [first, second] = await Promise.all([
      a.leases.acquire('nightly', 60_000),
      b.leases.acquire('nightly', 60_000),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    const holder = first ? a : b;
    const other = first ? b : a;
    expect(await holder.leases.acquire('nightly', 60_000)).toBe(true); // renewing its own
    expect(await other.leases.acquire('nightly', 60_000)).toBe(false);
    await holder.leases.release('nightly');
    expect(await other.leases.acquire('nightly', 60_000)).toBe(true);
    await other.leases.release('nightly');
  });

  it('takes over a lease its holder let expire (a crashed replica)', async () => {
    expect(await a.leases.acquire('expiring', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await b.leases.acquire('expiring', 60_000)).toBe(true);
    expect(await a.leases.acquire('expiring', 60_000)).toBe(false);
  });

  it('runs the work once across replicas that start it together', async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      return 'done';
    };
    const results = await Promise.all([
      a.leases.runExclusive('once', 60_000, work),
      b.leases.runExclusive('once', 60_000, work),
    ]);
    expect(runs).toBe(1);
    expect(results.filter((r) => r === 'done')).toHaveLength(1);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
  });

  describe('leased intervals', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const logger = () => {
      const lines: string[] = [];
      const log = new Logger('test');
      log.log = (m: unknown) => void lines.push(`log ${String(m)}`);
      log.error = (m: unknown) => void lines.push(`error ${String(m)}`);
      return { log, lines };
    };

    it("runs no round while another replica holds the job's lease, and runs once it is free", async () => {
      expect(await a.leases.acquire('rounds', 60_000)).toBe(true);
      let rounds = 0;
      const { log, lines } = logger();
      b.intervals.every({
        job: 'rounds',
        everyMs: 25,
        round: async () => ++rounds,
        logger: log,
        report: (n) => `round ${n}`,
        what: 'rounds',
      });
      await sleep(200);
      expect(rounds).toBe(0);
      await a.leases.release('rounds');
      await sleep(200);
      expect(rounds).toBeGreaterThan(0);
      expect(lines[0]).toBe('log round 1');
      b.intervals.onApplicationShutdown();
      expect(b.scheduler.doesExist('interval', 'rounds')).toBe(false);
    });

    it('logs a round that fails and runs the next one', async () => {
      let rounds = 0;
      const { log, lines } = logger();
      a.intervals.every({
        job: 'failing',
        everyMs: 25,
        round: async () => {
          if (++rounds === 1) throw new Error('database gone');
          return 0;
        },
        logger: log,
        report: (n) => `round ${n}`,
        what: 'the test job',
      });
      await sleep(200);
      a.intervals.onApplicationShutdown();
      expect(rounds).toBeGreaterThan(1);
      expect(lines).toEqual(['error the test job failed: database gone']); // 0 done: no report
    });
  });
});
