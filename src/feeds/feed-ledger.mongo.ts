import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import type { FeedLedger, PublishedEvent } from './calendar';
import { FeedLedgerRepository } from './feed-ledger';

type StoredLedger = FeedLedger & { _id: string };

// Keyed by the subscription id (_id): every render reads and writes exactly one document.
// Events are an array, not a map: UIDs contain '.', which a field name must not.
export const FeedLedgerSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    etag: String,
    lastModified: Number,
    events: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'feed_ledgers', versionKey: false, minimize: false },
);

@Injectable()
export class MongoFeedLedgerRepository extends FeedLedgerRepository {
  constructor(@InjectModel('FeedLedger') private readonly ledgers: Model<StoredLedger>) {
    super();
  }

  async load(feedId: string): Promise<FeedLedger | null> {
    const doc = await this.ledgers.findById(feedId).lean<StoredLedger>().exec();
    if (!doc) return null;
    return {
      version: doc.version,
      ...(doc.etag !== undefined && { etag: doc.etag }),
      ...(doc.lastModified !== undefined && { lastModified: doc.lastModified }),
      events: (doc.events ?? []) as PublishedEvent[],
    };
  }

  async save(feedId: string, ledger: FeedLedger): Promise<boolean> {
    const { version, ...rest } = ledger;
    if (version === 1) {
      try {
        await this.ledgers.create({ _id: feedId, version, ...rest });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    }
    const res = await this.ledgers
      .updateOne({ _id: feedId, version: version - 1 }, { $set: { version, ...rest } })
      .exec();
    return res.matchedCount === 1;
  }

  async remove(feedId: string): Promise<void> {
    await this.ledgers.deleteOne({ _id: feedId }).exec();
  }
}
