import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
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

@Module({
  imports: [MongooseModule.forFeature([{ name: 'JobLease', schema: LeaseSchema }])],
  providers: [JobLeases],
  exports: [JobLeases],
})
export class JobLeaseModule {}
