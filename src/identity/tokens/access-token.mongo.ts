import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { AccessToken, AccessTokenRepository } from './access-token';

type StoredToken = Omit<AccessToken, 'id'> & { _id: string };

export const AccessTokenSchema = new Schema<StoredToken>(
  {
    _id: String,
    accountId: { type: String, required: true },
    name: { type: String, required: true },
    // No default: a token stored before scopes existed keeps meaning "read and write".
    scopes: { type: [String], default: undefined },
    tokenHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: Date,
    revokedAt: Date,
  },
  { collection: 'access_tokens', versionKey: false },
);
// Every Bearer request looks its token up by the secret's hash.
AccessTokenSchema.index({ tokenHash: 1 }, { unique: true });
// GET /auth/tokens: one account's tokens, newest first.
AccessTokenSchema.index({ accountId: 1, createdAt: -1 });

function fromStored({ _id, ...rest }: StoredToken): AccessToken {
  return { id: _id, ...rest };
}

@Injectable()
export class MongoAccessTokenRepository extends AccessTokenRepository {
  constructor(@InjectModel('AccessToken') private readonly tokens: Model<StoredToken>) {
    super();
  }

  async insert({ id, ...rest }: AccessToken): Promise<void> {
    await this.tokens.create({ _id: id, ...rest });
  }

  async findByHash(tokenHash: string): Promise<AccessToken | null> {
    const doc = await this.tokens.findOne({ tokenHash }).lean<StoredToken>().exec();
    return doc ? fromStored(doc) : null;
  }

  async listForAccount(accountId: string): Promise<AccessToken[]> {
    const docs = await this.tokens
      .find({ accountId })
      .sort({ createdAt: -1, _id: 1 })
      .lean<StoredToken[]>()
      .exec();
    return docs.map(fromStored);
  }

  async revoke(id: string, accountId: string, at: Date): Promise<boolean> {
    const result = await this.tokens.updateOne(
      { _id: id, accountId, revokedAt: { $exists: false } },
      { $set: { revokedAt: at } },
    );
    return result.matchedCount === 1;
  }

  async markUsed(id: string, at: Date, ifBefore: Date): Promise<void> {
    await this.tokens.updateOne(
      {
        _id: id,
        $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: ifBefore } }],
      },
      { $set: { lastUsedAt: at } },
    );
  }
}
