import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobLeases } from '../../common/jobs/job-lease';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { isPermanentFailure, retryDelayMs } from './backoff';
import { MailSendError, MailTransport } from './mail-transport';
import { OutboxMessage, OutboxRepository } from './outbox';

export const OUTBOX_JOB = 'notifications.outbox';
/** Messages claimed per round trip. */
const BATCH = 20;

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * The one sender: holds the outbox lease (renewed every batch; if this replica stalls past
 * it, another takes over), claims due messages one by one, sends each over the transport,
 * marks it sent, or queues it again with exponential back-off (transient: 4xx, no answer,
 * connection refused: retried without limit) or marks it failed (a 5xx refusal).
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private running: Promise<DrainReport> | undefined;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly leases: JobLeases,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
  ) {}

  /** Behind two flags (SCHEDULER_ENABLED, NOTIFICATIONS_WORKER) and a configured SMTP_URL. */
  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled || !this.config.notificationsWorker) return;
    if (!this.transport.enabled) {
      this.logger.log('mail is off (SMTP_URL unset): notifications are recorded, not sent');
      return;
    }
    const timer = setInterval(() => void this.tick(), this.config.notificationsPollMs);
    this.scheduler.addInterval(OUTBOX_JOB, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', OUTBOX_JOB)) this.scheduler.deleteInterval(OUTBOX_JOB);
    await this.running?.catch(() => undefined);
    await this.leases.release(OUTBOX_JOB).catch(() => undefined);
    await this.transport.close();
  }

  /** One scheduled round: nothing if the previous one still runs or another replica sends. */
  async tick(): Promise<DrainReport | undefined> {
    // Mail off: nothing is claimed, so every message stays queued, untried, for when it is on.
    if (this.running || this.stopping || !this.transport.enabled) return undefined;
    this.running = this.drainUnderLease();
    try {
      return await this.running;
    } catch (error) {
      this.logger.error(`outbox round failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      this.running = undefined;
    }
  }

  private async drainUnderLease(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retried: 0, failed: 0 };
    while (!this.stopping) {
      if (!(await this.leases.acquire(OUTBOX_JOB, this.config.notificationsLeaseMs))) break;
      const now = this.clock.now();
      const batch = await this.outbox.claimDue(
        now,
        this.leases.holder,
        new Date(now.getTime() + this.config.notificationsLeaseMs),
        BATCH,
      );
      if (batch.length === 0) break;
      // In parallel over the transport's few pooled connections.
      for (const outcome of await Promise.all(batch.map((m) => this.sendOne(m)))) report[outcome]++;
    }
    return report;
  }

  private async sendOne(message: OutboxMessage): Promise<keyof DrainReport> {
    const holder = this.leases.holder;
    try {
      const receipt = await this.transport.send(message.mail, {
        messageId: message.messageId,
        key: message.key,
      });
      await this.outbox.markSent(message.id, holder, receipt.response, this.clock.now());
      return 'sent';
    } catch (error) {
      const code = error instanceof MailSendError ? error.responseCode : undefined;
      const permanent = isPermanentFailure(code);
      const at = this.clock.now();
      const next = permanent
        ? null
        : new Date(
            at.getTime() +
              retryDelayMs(
                message.attempts,
                this.config.notificationsRetryBaseMs,
                this.config.notificationsRetryMaxMs,
              ),
          );
      await this.outbox.markFailed(
        message.id,
        holder,
        {
          at,
          ...(code !== undefined && { responseCode: code }),
          response: (error as Error).message,
          permanent,
        },
        next,
      );
      if (permanent) this.logger.warn(`${message.key}: refused for good (${code})`);
      return permanent ? 'failed' : 'retried';
    }
  }
}
