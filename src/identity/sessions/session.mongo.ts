import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { Session, SessionRepository } from './session';

type StoredSession = Omit<Session, 'idHash'> & { _id: string };

export const SessionSchema = new Schema<StoredSession>(
  {
    _id: String, // the id hash: every request looks its session up by it
    accountId: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    ip: String,
    userAgent: String,
  },
  { collection: 'sessions', versionKey: false },
);
// MongoDB removes ended sessions itself (the service also checks expiry on every read).
SessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// Revoking every session of an account (password change, account disabled).
SessionSchema.index({ accountId: 1 });

function fromStored({ _id, ...rest }: StoredSession): Session {
  return { idHash: _id, ...rest };
}

@Injectable()
export class MongoSessionRepository extends SessionRepository {
  constructor(@InjectModel('Session') private readonly sessions: Model<StoredSession>) {
    super();
  }

  async insert({ idHash, ...rest }: Session): Promise<void> {
    await this.sessions.create({ _id: idHash, ...rest });
  }

  async findByIdHash(idHash: string): Promise<Session | null> {
    const doc = await this.sessions.findById(idHash).lean<StoredSession>().exec();
    return doc ? fromStored(doc) : null;
  }

  async touch(idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.sessions.updateOne({ _id: idHash }, { $set: { lastSeenAt, expiresAt } });
  }

  async delete(idHash: string): Promise<void> {
    await this.sessions.deleteOne({ _id: idHash });
  }

  async deleteForAccount(accountId: string, except?: string): Promise<number> {
    const filter: Record<string, unknown> = { accountId };
    if (except) filter._id = { $ne: except };
    const result = await this.sessions.deleteMany(filter);
    return result.deletedCount;
  }
}
