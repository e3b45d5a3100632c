import { randomUUID } from 'node:crypto';
import {
  NewNotification,
  OUTBOX_STATUSES,
  OutboxMessage,
  OutboxRepository,
  OutboxStatus,
  SendFailure,
} from '../outbox/outbox';

/** The outbox in memory, with the Mongo adapter's claim and key semantics. */
export class FakeOutboxRepository extends OutboxRepository {
  readonly messages: OutboxMessage[] = [];

  async enqueue(notifications: NewNotification[], at: Date): Promise<number> {
    let n = 0;
    for (const x of notifications) {
      if (this.messages.some((m) => m.key === x.key)) continue;
      this.messages.push({
        ...x,
        id: randomUUID(),
        status: 'queued',
        attempts: 0,
        nextAttemptAt: at,
        messageId: `<${x.key}@test>`,
        createdAt: at,
        updatedAt: at,
      });
      n++;
    }
    return n;
  }

  async claimDue(now: Date, holder: string, claimUntil: Date, limit: number) {
    const due = this.messages
      .filter(
        (m) =>
          (m.status === 'queued' && m.nextAttemptAt <= now) ||
          (m.status === 'sending' && m.claimedUntil! < now),
      )
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit);
    for (const m of due)
      Object.assign(m, {
        status: 'sending',
        claimedBy: holder,
        claimedUntil: claimUntil,
        attempts: m.attempts + 1,
      });
    return due.map((m) => ({ ...m }));
  }

  private held(id: string, holder: string) {
    return this.messages.find(
      (m) => m.id === id && m.status === 'sending' && m.claimedBy === holder,
    );
  }

  async markSent(id: string, holder: string, response: string, at: Date) {
    const m = this.held(id, holder);
    if (m)
      Object.assign(m, {
        status: 'sent',
        sentResponse: response,
        sentAt: at,
        claimedBy: undefined,
      });
  }

  async markFailed(id: string, holder: string, failure: SendFailure, next: Date | null) {
    const m = this.held(id, holder);
    if (!m) return;
    Object.assign(m, {
      status: next ? 'queued' : 'failed',
      lastError: failure,
      claimedBy: undefined,
    });
    if (next) m.nextAttemptAt = next;
  }

  async list(filter: { status?: OutboxStatus }, skip: number, limit: number) {
    const items = this.messages.filter((m) => !filter.status || m.status === filter.status);
    return { items: items.slice(skip, skip + limit), total: items.length };
  }

  async countByStatus() {
    return Object.fromEntries(
      OUTBOX_STATUSES.map((s) => [s, this.messages.filter((m) => m.status === s).length]),
    ) as Record<OutboxStatus, number>;
  }

  async lastCause(ref: string) {
    const causes = this.messages.flatMap((m) => (m.cause?.ref === ref ? [m.cause] : []));
    return causes.sort((a, b) => b.revision - a.revision)[0] ?? null;
  }

  async hasKey(key: string) {
    return this.messages.some((m) => m.key === key);
  }
}
