// N replicas, one run: the lease in MongoDB that guards scheduled jobs.
import { Test } from '@nestjs/testing';
import { MongooseModule } from '@nestjs/mongoose';
import { JobLeaseModule, JobLeases } from '../../src/common/jobs/job-lease';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from '../support/database';

async function replica(dbName: string) {
  const moduleRef = await Test.createTestingModule({
    imports: [MongooseModule.forRoot(testMongoUri(), { dbName }), JobLeaseModule],
  }).compile();
  await moduleRef.init();
  return { leases: moduleRef.get(JobLeases), close: () => moduleRef.close() };
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
});
