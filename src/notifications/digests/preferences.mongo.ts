import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { DigestCursors, NotificationPreferences, PreferencesRepository } from './preferences';

type StoredPreferences = Omit<NotificationPreferences, 'accountId'> & { _id: string };

export const PreferencesSchema = new Schema(
  {
    _id: { type: String, required: true }, // the account id
    agencyDigest: Boolean,
    coordinatorDigest: Boolean,
    periodMinutes: Number,
    updatedAt: Date,
  },
  { collection: 'notification_preferences', versionKey: false },
);

export const DigestCursorSchema = new Schema(
  { _id: { type: String, required: true }, until: { type: Date, required: true } },
  { collection: 'notification_digest_cursors', versionKey: false },
);

@Injectable()
export class MongoPreferencesRepository extends PreferencesRepository {
  constructor(
    @InjectModel('NotificationPreferences') private readonly prefs: Model<StoredPreferences>,
  ) {
    super();
  }

  async find(accountIds: string[]): Promise<NotificationPreferences[]> {
    if (accountIds.length === 0) return [];
    const docs = await this.prefs
      .find({ _id: { $in: accountIds } })
      .lean<StoredPreferences[]>()
      .exec();
    return docs.map(({ _id, ...rest }) => ({ accountId: _id, ...rest }));
  }

  async save(
    accountId: string,
    changes: Partial<Omit<NotificationPreferences, 'accountId'>>,
    at: Date,
  ): Promise<void> {
    await this.prefs.updateOne(
      { _id: accountId },
      { $set: { ...changes, updatedAt: at } },
      { upsert: true },
    );
  }
}

@Injectable()
export class MongoDigestCursors extends DigestCursors {
  constructor(
    @InjectModel('NotificationDigestCursor')
    private readonly cursors: Model<{ _id: string; until: Date }>,
  ) {
    super();
  }

  async get(ids: string[]): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const docs = await this.cursors
      .find({ _id: { $in: ids } })
      .lean<{ _id: string; until: Date }[]>()
      .exec();
    return new Map(docs.map((d) => [d._id, d.until]));
  }

  /** Only forward: a slower replica finishing late never moves a cursor back. */
  async advance(id: string, until: Date): Promise<void> {
    try {
      await this.cursors.updateOne(
        { _id: id, until: { $lt: until } },
        { $set: { until } },
        { upsert: true },
      );
    } catch (error) {
      // Already further on: the upsert's insert lost on _id.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}
