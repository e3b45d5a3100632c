import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';

/** The fixed window `nowMs` falls in: when it ends, and the whole seconds until then. */
export function fixedWindow(nowMs: number, windowMs: number) {
  const endsAt = Math.floor(nowMs / windowMs) * windowMs + windowMs;
  return {
    endsAt: new Date(endsAt),
    retryAfterSeconds: Math.max(1, Math.ceil((endsAt - nowMs) / 1000)),
  };
}

/** Fixed-window counters shared by every replica (the sign-in and token-use rate limits). */
export abstract class AttemptCounter {
  /**
   * Counts `by` (default one) attempts for `key` in the window that ends at `windowEndsAt`;
   * answers the count.
   */
  abstract hit(key: string, windowEndsAt: Date, by?: number): Promise<number>;
}

interface StoredWindow {
  _id: string;
  count: number;
  expiresAt: Date;
}

export const AttemptWindowSchema = new Schema<StoredWindow>(
  {
    _id: String, // key + window end: each attempt upserts by it
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sign_in_attempts', versionKey: false },
);
// Past windows are removed by MongoDB's TTL monitor.
AttemptWindowSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

@Injectable()
export class MongoAttemptCounter extends AttemptCounter {
  constructor(@InjectModel('AttemptWindow') private readonly windows: Model<StoredWindow>) {
    super();
  }

  async hit(key: string, windowEndsAt: Date, by = 1): Promise<number> {
    const _id = `${key}:${windowEndsAt.getTime()}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.windows
          .findOneAndUpdate(
            { _id },
            { $inc: { count: by }, $setOnInsert: { expiresAt: windowEndsAt } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean<StoredWindow>()
          .exec();
        return doc!.count;
      } catch (error) {
        // Two first attempts raced on the insert; the loser's retry increments.
        if ((error as { code?: number }).code !== 11000 || attempt > 0) throw error;
      }
    }
  }
}
