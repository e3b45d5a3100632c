import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';

interface Lease {
  _id: string;
  holder: string;
  expiresAt: Date;
  acquiredAt: Date;
}

const LeaseSchema = new Schema<Lease>(
  {
    _id: String,
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    acquiredAt: Date,
  },
  { collection: 'job_leases', versionKey: false },
);

/**
 * A lease per scheduled job in MongoDB, so N replicas run each job once. Time here is the
 * wall clock on purpose: leases are about real elapsed time, not the business calendar.
 */
@Injectable()
export class JobLeases {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(@InjectModel('JobLease') private readonly leases: Model<Lease>) {}

  /** True when this instance now holds the lease (free, expired, or already its own). */
  async acquire(job: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      const doc = await this.leases
        .findOneAndUpdate(
          { _id: job, $or: [{ expiresAt: { $lt: now } }, { holder: this.holder }] },
          {
            $set: {
              holder: this.holder,
              expiresAt: new Date(now.getTime() + ttlMs),
              acquiredAt: now,
            },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<Lease>()
        .exec();
      return doc?.holder === this.holder;
    } catch (error) {
      // The lease exists and is someone else's: the upsert's insert lost on _id.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async release(job: string): Promise<void> {
    await this.leases.deleteOne({ _id: job, holder: this.holder });
  }

  /** Runs `work` only if the lease can be had; returns undefined when another instance holds it. */
  async runExclusive<T>(
    job: string,
    ttlMs: number,
    work: () => Promise<T>,
  ): Promise<T | undefined> {
    if (!(await this.acquire(job, ttlMs))) return undefined;
    try {
      return await work();
    } finally {
      await this.release(job);
    }
  }
}

export interface LeasedInterval {
  /** The job's name: its interval in the scheduler and its lease in MongoDB. */
  job: string;
  everyMs: number;
  /** How long one round may hold the lease (default: the interval). */
  leaseMs?: number;
  /** The round; what it answers goes to `report`. */
  round: () => Promise<number>;
  logger: Logger;
  /** What a round that did something says (e.g. "3 digests enqueued"); nothing for 0. */
  report?: (done: number) => string;
  /** How a failed round is named in the error log (e.g. "digest round"). */
  what: string;
  /** Let the process exit with the interval pending (for jobs that are only a safety net). */
  unref?: boolean;
}

/**
 * Rounds of a scheduled job on one replica at a time: every `everyMs` the round runs if this
 * instance can take the job's lease; a round that throws is logged and the next one retries.
 * The intervals are registered with the scheduler and removed at shutdown.
 */
@Injectable()
export class LeasedIntervals implements OnApplicationShutdown {
  private readonly jobs = new Set<string>();

  constructor(
    private readonly leases: JobLeases,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  every(interval: LeasedInterval): void {
    const timer = setInterval(() => void this.runRound(interval), interval.everyMs);
    if (interval.unref) timer.unref();
    this.scheduler.addInterval(interval.job, timer);
    this.jobs.add(interval.job);
  }

  onApplicationShutdown(): void {
    for (const job of this.jobs)
      if (this.scheduler.doesExist('interval', job)) this.scheduler.deleteInterval(job);
    this.jobs.clear();
  }

  private async runRound(i: LeasedInterval): Promise<void> {
    try {
      const done = await this.leases.runExclusive(i.job, i.leaseMs ?? i.everyMs, i.round);
      if (done && i.report) i.logger.log(i.report(done));
    } catch (error) {
      i.logger.error(`${i.what} failed: ${(error as Error).message}`);
    }
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: 'JobLease', schema: LeaseSchema }])],
  providers: [JobLeases, LeasedIntervals],
  exports: [JobLeases, LeasedIntervals],
})
export class JobLeaseModule {}
