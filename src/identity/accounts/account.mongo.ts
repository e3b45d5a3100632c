import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { AccountChanges } from './account-cache';
import { Account, ACCOUNT_STATUSES, AccountRepository, OidcLink, ROLES } from './account';

type StoredAccount = Omit<Account, 'id'> & { _id: string };

export const AccountSchema = new Schema<StoredAccount>(
  {
    _id: String,
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    email: String,
    roles: { type: [{ type: String, enum: ROLES }], required: true },
    agencyCodes: { type: [String], default: [] },
    province: String,
    oidc: { _id: false, type: { issuer: String, subject: String }, default: undefined },
    status: { type: String, required: true, enum: ACCOUNT_STATUSES },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, required: true },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: Date,
    lastLoginAt: Date,
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'accounts', versionKey: false },
);
// POST /auth/login and POST /users: one account per (lower-case) username.
AccountSchema.index({ username: 1 }, { unique: true });
// OpenID Connect sign-in: the account a provider's subject is linked to (one at most).
AccountSchema.index(
  { 'oidc.issuer': 1, 'oidc.subject': 1 },
  { unique: true, partialFilterExpression: { 'oidc.subject': { $exists: true } } },
);
// OpenID Connect sign-in: linking a first-time subject by its verified e-mail address.
AccountSchema.index({ email: 1 });

function fromStored({ _id, ...rest }: StoredAccount): Account {
  return { id: _id, ...rest };
}

/** Every write announces the account to AccountChanges: the guard's cache forgets it. */
@Injectable()
export class MongoAccountRepository extends AccountRepository {
  constructor(
    @InjectModel('Account') private readonly accounts: Model<StoredAccount>,
    private readonly changes: AccountChanges,
  ) {
    super();
  }

  async insert(account: Account): Promise<Account> {
    const { id, ...rest } = account;
    await this.accounts.create({ _id: id, ...rest });
    return account;
  }

  async findById(id: string): Promise<Account | null> {
    const doc = await this.accounts.findById(id).lean<StoredAccount>().exec();
    return doc ? fromStored(doc) : null;
  }

  async findByUsername(username: string): Promise<Account | null> {
    const doc = await this.accounts.findOne({ username }).lean<StoredAccount>().exec();
    return doc ? fromStored(doc) : null;
  }

  async findByOidcSubject(link: OidcLink): Promise<Account | null> {
    const doc = await this.accounts
      .findOne({ 'oidc.issuer': link.issuer, 'oidc.subject': link.subject })
      .lean<StoredAccount>()
      .exec();
    return doc ? fromStored(doc) : null;
  }

  async findByEmail(email: string): Promise<Account[]> {
    const docs = await this.accounts.find({ email }).limit(2).lean<StoredAccount[]>().exec();
    return docs.map(fromStored);
  }

  async linkOidc(id: string, link: OidcLink): Promise<boolean> {
    const result = await this.accounts.updateOne(
      { _id: id, oidc: { $exists: false } },
      { $set: { oidc: link } },
    );
    this.changes.changed(id);
    return result.modifiedCount === 1;
  }

  countAll(): Promise<number> {
    return this.accounts.estimatedDocumentCount().exec();
  }

  async list(skip: number, limit: number) {
    const [docs, total] = await Promise.all([
      // Sorted by the unique username index.
      this.accounts.find().sort({ username: 1 }).skip(skip).limit(limit).lean<StoredAccount[]>(),
      this.accounts.countDocuments(),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Account>,
  ): Promise<Account | null> {
    const { id: _ignored, ...set } = changes;
    const unset: Record<string, 1> = {};
    for (const [key, value] of Object.entries(set)) {
      if (value === undefined) {
        unset[key] = 1;
        delete (set as Record<string, unknown>)[key];
      }
    }
    const doc = await this.accounts
      .findOneAndUpdate(
        { _id: id, revision },
        { $set: set, ...(Object.keys(unset).length > 0 && { $unset: unset }) },
        { returnDocument: 'after' },
      )
      .lean<StoredAccount>()
      .exec();
    this.changes.changed(id);
    return doc ? fromStored(doc) : null;
  }

  async recordFailedLogin(id: string): Promise<number> {
    const doc = await this.accounts
      .findOneAndUpdate(
        { _id: id },
        { $inc: { failedLogins: 1 } },
        { returnDocument: 'after', projection: { failedLogins: 1 } },
      )
      .lean<{ failedLogins: number }>()
      .exec();
    this.changes.changed(id);
    return doc?.failedLogins ?? 0;
  }

  async lock(id: string, until: Date): Promise<void> {
    await this.accounts.updateOne({ _id: id }, { $set: { lockedUntil: until, failedLogins: 0 } });
    this.changes.changed(id);
  }

  async recordSuccessfulLogin(id: string, at: Date): Promise<void> {
    await this.accounts.updateOne(
      { _id: id },
      { $set: { failedLogins: 0, lastLoginAt: at }, $unset: { lockedUntil: 1 } },
    );
    this.changes.changed(id);
  }

  async setPassword(
    id: string,
    passwordHash: string,
    mustChangePassword: boolean,
    at: Date,
    actor: string,
  ): Promise<void> {
    await this.accounts.updateOne(
      { _id: id },
      {
        $set: { passwordHash, mustChangePassword, updatedAt: at, updatedBy: actor },
        $inc: { revision: 1 },
      },
    );
    this.changes.changed(id);
  }
}
