import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { FEED_SCOPES, FeedRepository, FeedScope, FeedSubscription } from './feed';

type StoredFeed = Omit<FeedSubscription, 'id'> & { _id: string };

export const FeedSchema = new Schema(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true },
    tokenHint: { type: String, required: true },
    scope: { type: String, required: true, enum: FEED_SCOPES },
    ref: String,
    filters: { type: Schema.Types.Mixed, default: {} },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: Date,
    revokedBy: String,
  },
  { collection: 'feed_subscriptions', versionKey: false, minimize: false },
);
// GET /feeds/:token/:name.ics — every calendar poll looks the token up by its hash.
FeedSchema.index({ tokenHash: 1 }, { unique: true });
// GET /feeds?scope=&ref= — an agency's or enterprise's subscriptions.
FeedSchema.index({ scope: 1, ref: 1, createdAt: -1 });

function fromStored(doc: StoredFeed): FeedSubscription {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

@Injectable()
export class MongoFeedRepository extends FeedRepository {
  constructor(@InjectModel('FeedSubscription') private readonly feeds: Model<StoredFeed>) {
    super();
  }

  async insert(feed: FeedSubscription): Promise<void> {
    const { id, ...rest } = feed;
    await this.feeds.create({ _id: id, ...rest });
  }

  async findActiveByTokenHash(tokenHash: string): Promise<FeedSubscription | null> {
    const doc = await this.feeds
      .findOne({ tokenHash, revokedAt: { $exists: false } })
      .lean<StoredFeed>()
      .exec();
    return doc ? fromStored(doc) : null;
  }

  async findById(id: string): Promise<FeedSubscription | null> {
    const doc = await this.feeds.findById(id).lean<StoredFeed>().exec();
    return doc ? fromStored(doc) : null;
  }

  async list(filter: {
    scope?: FeedScope;
    ref?: string;
    includeRevoked?: boolean;
  }): Promise<FeedSubscription[]> {
    const q: Record<string, unknown> = {};
    if (filter.scope) q.scope = filter.scope;
    if (filter.ref) q.ref = filter.ref;
    if (!filter.includeRevoked) q.revokedAt = { $exists: false };
    return (
      await this.feeds.find(q).sort({ createdAt: -1, _id: 1 }).lean<StoredFeed[]>().exec()
    ).map(fromStored);
  }

  async revoke(id: string, at: Date, by: string): Promise<FeedSubscription | null> {
    const doc = await this.feeds
      .findOneAndUpdate(
        { _id: id, revokedAt: { $exists: false } },
        { $set: { revokedAt: at, revokedBy: by } },
        { returnDocument: 'after' },
      )
      .lean<StoredFeed>()
      .exec();
    return doc ? fromStored(doc) : null;
  }
}
