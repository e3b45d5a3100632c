import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MAIL_SETTINGS, MailSettings } from '../mail-settings';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import {
  NewNotification,
  NotificationCause,
  OUTBOX_STATUSES,
  OutboxMessage,
  OutboxRepository,
  OutboxStatus,
  SendFailure,
} from './outbox';

type StoredMessage = Omit<OutboxMessage, 'id'> & { _id: string };

export const OutboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, required: true },
    mail: { type: Schema.Types.Mixed, required: true },
    cause: Schema.Types.Mixed,
    status: { type: String, required: true, enum: OUTBOX_STATUSES },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    claimedBy: String,
    claimedUntil: Date,
    lastError: Schema.Types.Mixed,
    messageId: { type: String, required: true },
    sentResponse: String,
    sentAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notification_outbox', versionKey: false, minimize: false },
);
// enqueue: one message per cause; a retried cause hits this index and is skipped.
OutboxSchema.index({ key: 1 }, { unique: true });
// claimDue: queued messages due now (oldest first), and sending ones whose claim expired.
OutboxSchema.index({ status: 1, nextAttemptAt: 1 });
// claimDue (dead senders): sending messages by the end of their claim.
OutboxSchema.index({ status: 1, claimedUntil: 1 });
// lastCause: the latest invitation of a meeting (the reconciling sweep).
OutboxSchema.index({ 'cause.ref': 1, 'cause.revision': -1 }, { sparse: true });
// GET /notifications/outbox?status= (newest first).
OutboxSchema.index({ status: 1, createdAt: -1 });

function fromStored(doc: StoredMessage): OutboxMessage {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

/** `<sha256(key)[0..32]@domain>`: the same on every attempt, so a repeat can be recognised. */
export function messageIdFor(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

@Injectable()
export class MongoOutboxRepository extends OutboxRepository {
  constructor(
    @InjectModel('NotificationOutbox') private readonly outbox: Model<StoredMessage>,
    @Inject(MAIL_SETTINGS) private readonly settings: Pick<MailSettings, 'domain'>,
  ) {
    super();
  }

  async enqueue(notifications: NewNotification[], at: Date): Promise<number> {
    if (notifications.length === 0) return 0;
    const docs = notifications.map((n) => ({
      _id: randomUUID(),
      key: n.key,
      kind: n.kind,
      mail: n.mail,
      ...(n.cause && { cause: n.cause }),
      status: 'queued' as const,
      attempts: 0,
      nextAttemptAt: at,
      messageId: messageIdFor(n.key, this.settings.domain),
      createdAt: at,
      updatedAt: at,
    }));
    try {
      const result = await this.outbox.collection.insertMany(docs as never[], { ordered: false });
      return result.insertedCount;
    } catch (error) {
      const e = error as {
        code?: number;
        insertedCount?: number;
        result?: { insertedCount?: number };
        writeErrors?: { code?: number }[] | { code?: number };
      };
      const writeErrors = ([] as { code?: number }[]).concat(e.writeErrors ?? []);
      const onlyDuplicates =
        writeErrors.length > 0 ? writeErrors.every((w) => w.code === 11000) : e.code === 11000;
      if (!onlyDuplicates) throw error;
      return e.insertedCount ?? e.result?.insertedCount ?? docs.length - writeErrors.length;
    }
  }

  async claimDue(
    now: Date,
    holder: string,
    claimUntil: Date,
    limit: number,
  ): Promise<OutboxMessage[]> {
    const claimable: Record<string, unknown>[] = [
      { status: 'queued', nextAttemptAt: { $lte: now } },
      { status: 'sending', claimedUntil: { $lt: now } },
    ];
    // Candidates by index (one query per branch), then each claimed by id under the same
    // condition: a candidate another sender took meanwhile is simply not returned.
    const [due, abandoned] = await Promise.all(
      claimable.map((q) =>
        this.outbox
          .find(q)
          .sort(q.status === 'queued' ? { nextAttemptAt: 1, _id: 1 } : { claimedUntil: 1, _id: 1 })
          .limit(limit)
          .select({ _id: 1 })
          .lean<{ _id: string }[]>()
          .exec(),
      ),
    );
    const ids = [...new Set([...abandoned, ...due].map((d) => d._id))].slice(0, limit);
    const claimed = await Promise.all(
      ids.map((id) =>
        this.outbox
          .findOneAndUpdate(
            { _id: id, $or: claimable },
            {
              $set: {
                status: 'sending',
                claimedBy: holder,
                claimedUntil: claimUntil,
                updatedAt: now,
              },
              $inc: { attempts: 1 },
            },
            { returnDocument: 'after' },
          )
          .lean<StoredMessage>()
          .exec(),
      ),
    );
    return claimed
      .filter((d): d is StoredMessage => d !== null)
      .map(fromStored)
      .sort((x, y) => x.nextAttemptAt.getTime() - y.nextAttemptAt.getTime());
  }

  async markSent(id: string, holder: string, response: string, at: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, status: 'sending', claimedBy: holder },
      {
        $set: { status: 'sent', sentResponse: response, sentAt: at, updatedAt: at },
        $unset: { claimedBy: '', claimedUntil: '' },
      },
    );
  }

  async markFailed(
    id: string,
    holder: string,
    failure: SendFailure,
    next: Date | null,
  ): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, status: 'sending', claimedBy: holder },
      {
        $set: {
          status: next ? 'queued' : 'failed',
          lastError: failure,
          ...(next && { nextAttemptAt: next }),
          updatedAt: failure.at,
        },
        $unset: { claimedBy: '', claimedUntil: '' },
      },
    );
  }

  async list(
    filter: { status?: OutboxStatus; kind?: string },
    skip: number,
    limit: number,
  ): Promise<{ items: OutboxMessage[]; total: number }> {
    const q: Record<string, unknown> = {};
    if (filter.status) q.status = filter.status;
    if (filter.kind) q.kind = filter.kind;
    const [docs, total] = await Promise.all([
      this.outbox
        .find(q)
        .sort({ createdAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredMessage[]>()
        .exec(),
      this.outbox.countDocuments(q),
    ]);
    return { items: docs.map(fromStored), total };
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const entries = await Promise.all(
      OUTBOX_STATUSES.map(async (s) => [s, await this.outbox.countDocuments({ status: s })]),
    );
    return Object.fromEntries(entries) as Record<OutboxStatus, number>;
  }

  async lastCause(ref: string): Promise<NotificationCause | null> {
    const doc = await this.outbox
      .findOne({ 'cause.ref': ref })
      .sort({ 'cause.revision': -1, createdAt: -1 })
      .select({ cause: 1 })
      .lean<{ cause: NotificationCause }>()
      .exec();
    return doc?.cause ?? null;
  }

  async hasKey(key: string): Promise<boolean> {
    return (await this.outbox.exists({ key })) !== null;
  }
}
