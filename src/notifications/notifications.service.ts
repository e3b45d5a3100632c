import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { skipOf } from '../common/http/pagination';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  defaultPreferences,
  DIGEST_FIELD,
  NotificationPreferences,
  PreferencesRepository,
} from './digests/preferences';
import { UnsubscribeKey } from './digests/unsubscribe-key';
import { verifyUnsubscribeToken } from './digests/unsubscribe-token';
import { MailTransport } from './outbox/mail-transport';
import { OutboxMessage, OutboxRepository } from './outbox/outbox';
import { OutboxQuery, UpdatePreferencesDto } from './notifications.dto';

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

const DIGEST_NAME_VI = {
  agency: 'thư tổng hợp chồng chéo của cơ quan',
  coordinator: 'thư tổng hợp toàn tỉnh',
} as const;

@Injectable()
export class NotificationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly preferencesStore: PreferencesRepository,
    private readonly key: UnsubscribeKey,
    private readonly clock: Clock,
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

  async preferences(accountId: string): Promise<NotificationPreferences> {
    const [stored] = await this.preferencesStore.find([accountId]);
    const defaults = defaultPreferences(accountId, this.config.digestPeriodMinutes);
    return {
      ...defaults,
      ...Object.fromEntries(Object.entries(stored ?? {}).filter(([, v]) => v != null)),
    };
  }

  async updatePreferences(
    accountId: string,
    input: UpdatePreferencesDto,
  ): Promise<NotificationPreferences> {
    const floor = this.config.digestPeriodMinutes;
    if (input.periodMinutes !== undefined && input.periodMinutes < floor)
      throw new InvalidInputError(
        'VALIDATION_FAILED',
        `periodMinutes must be at least ${floor} (DIGEST_PERIOD_MINUTES)`,
        [
          {
            field: 'periodMinutes',
            code: 'PERIOD_TOO_SHORT',
            message: `at least ${floor} minutes`,
            messageVi: `Tối thiểu ${floor} phút`,
          },
        ],
      );
    const changes = Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined),
    ) as UpdatePreferencesDto;
    await this.preferencesStore.save(accountId, changes, this.clock.now());
    return this.preferences(accountId);
  }

  /** The digest a token names, checked: what the unsubscribe page asks to confirm. */
  async unsubscribeTarget(token: string) {
    const claim = verifyUnsubscribeToken(token, await this.key.get());
    if (!claim) throw new NotFoundError('Unsubscribe link', '(given)', 'UNSUBSCRIBE_LINK_INVALID');
    return { ...claim, nameVi: DIGEST_NAME_VI[claim.digest] };
  }

  /** One click (RFC 8058): the digest is off for that account, whoever follows the link. */
  async unsubscribe(token: string) {
    const target = await this.unsubscribeTarget(token);
    await this.preferencesStore.save(
      target.accountId,
      { [DIGEST_FIELD[target.digest]]: false },
      this.clock.now(),
    );
    return target;
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
