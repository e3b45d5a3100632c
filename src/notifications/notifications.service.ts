import { Injectable } from '@nestjs/common';
import { skipOf } from '../common/http/pagination';
import { MailTransport } from './outbox/mail-transport';
import { OutboxMessage, OutboxRepository } from './outbox/outbox';
import { OutboxQuery } from './notifications.dto';

/** One outbox entry as an administrator reads it: the mail's envelope, not its body. */
export type OutboxEntryView = Pick<
  OutboxMessage,
  | 'id'
  | 'key'
  | 'kind'
  | 'status'
  | 'attempts'
  | 'nextAttemptAt'
  | 'lastError'
  | 'messageId'
  | 'sentResponse'
  | 'sentAt'
  | 'createdAt'
  | 'updatedAt'
> & { to: string; subject: string };

@Injectable()
export class NotificationsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
  ) {}

  async listOutbox(query: OutboxQuery) {
    const [{ items, total }, counts] = await Promise.all([
      this.outbox.list({ status: query.status, kind: query.kind }, skipOf(query), query.pageSize),
      this.outbox.countByStatus(),
    ]);
    return {
      items: items.map(toView),
      total,
      page: query.page,
      pageSize: query.pageSize,
      counts,
      mailEnabled: this.transport.enabled,
    };
  }
}

function toView(m: OutboxMessage): OutboxEntryView {
  return {
    id: m.id,
    key: m.key,
    kind: m.kind,
    status: m.status,
    to: m.mail.to,
    subject: m.mail.subject,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt,
    messageId: m.messageId,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ...(m.lastError && { lastError: m.lastError }),
    ...(m.sentResponse && { sentResponse: m.sentResponse }),
    ...(m.sentAt && { sentAt: m.sentAt }),
  };
}
