import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LeasedIntervals } from '../../common/jobs/job-lease';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { type CalendarDay, formatDayVi, toEpochDay } from '../../domain/calendar-day';
import { deadlineStepVi, INSPECTION_TYPE_WORDS } from '../../domain/vocabulary';
import { MAIL_SETTINGS, MailSettings, webLink } from '../mail-settings';
import { NewNotification, OutboxRepository } from '../outbox/outbox';
import { Recipient, RecipientDirectory, uniqueByAddress } from '../recipients';
import { DeadlineSource, DueDeadline } from './deadline-reminders';

export const DEADLINE_REMINDERS_JOB = 'notifications.deadline-reminders';
const HOUR = 3_600_000;
const ENQUEUE_BATCH = 500;

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One reminder of one deadline at one stage to one recipient, in Vietnamese. Pure. */
export function deadlineReminder(
  d: DueDeadline,
  to: Recipient,
  asOf: CalendarDay,
  settings: MailSettings,
): NewNotification {
  const what = deadlineStepVi(d.step, d.type);
  const days = Math.abs(toEpochDay(d.dueDay) - toEpochDay(asOf));
  const due = formatDayVi(d.dueDay);
  const subject =
    d.stage === 'overdue'
      ? `Quá hạn ${what} — ${d.enterpriseName}`
      : `Sắp đến hạn ${what} (${due}) — ${d.enterpriseName}`;
  const when =
    d.stage === 'overdue'
      ? `đã quá hạn từ ngày ${due} (${days} ngày) mà chưa thực hiện`
      : days === 0
        ? `đến hạn hôm nay, ngày ${due}`
        : `đến hạn ngày ${due} (còn ${days} ngày)`;
  return {
    key: `deadline:${d.id}:${d.stage}:${to.email.trim().toLowerCase()}`,
    kind: 'deadline-reminder',
    mail: {
      to: to.email,
      subject: subject.normalize('NFC'),
      text: [
        `Kính gửi ${to.name},`,
        '',
        `${capitalized(what)} đối với cuộc ${INSPECTION_TYPE_WORDS[d.type].vi} ${d.enterpriseName} (MST ${d.taxCode}) ${when}.`,
        `Căn cứ: ${d.statementVi}.`,
        `Đơn vị chủ trì: ${d.agencyLabel}`,
        '',
        `Xem cuộc ${INSPECTION_TYPE_WORDS[d.type].vi}: ${webLink(settings, 'inspections', d.inspectionId)}`,
        '—',
        'Thư tự động từ hệ thống điều phối kế hoạch thanh tra, kiểm tra doanh nghiệp.',
      ]
        .join('\n')
        .normalize('NFC'),
      headers: { 'Auto-Submitted': 'auto-generated' },
    },
  };
}

/**
 * Deadline reminders: "due in N days" (DEADLINE_REMINDER_DAYS) and "overdue", one mail per
 * deadline, stage and recipient — the officers acting for the agency answering for the
 * inspection today and the agency's contact address. A leased hourly sweep of what the
 * lifecycle derives; the outbox key makes re-runs (and other replicas) send nothing twice.
 */
@Injectable()
export class DeadlineRemindersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeadlineReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly source: DeadlineSource,
    private readonly directory: RecipientDirectory,
    private readonly outbox: OutboxRepository,
    @Inject(MAIL_SETTINGS) private readonly settings: MailSettings,
    private readonly intervals: LeasedIntervals,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config;
    if (!c.schedulerEnabled || !c.notificationsWorker || !c.deadlineReminders) return;
    this.intervals.every({
      job: DEADLINE_REMINDERS_JOB,
      everyMs: HOUR,
      round: () => this.run(),
      logger: this.logger,
      report: (n) => `${n} deadline reminders enqueued`,
      what: 'deadline reminders',
    });
  }

  /** Enqueues what is due today (Vietnam); returns how many new reminders were enqueued. */
  async run(): Promise<number> {
    const asOf = this.clock.today();
    const due = await this.source.dueAsOf(asOf, this.config.deadlineReminderDays);
    if (due.length === 0) return 0;
    const codes = [...new Set(due.map((d) => d.agencyCode))];
    const [officers, contacts] = await Promise.all([
      this.directory.officersOf(codes),
      this.directory.agencyContacts(codes),
    ]);
    const recipientsOf = new Map<string, Recipient[]>();
    for (const code of codes) {
      recipientsOf.set(
        code,
        uniqueByAddress([
          ...officers.filter((o) => o.agencyCodes.includes(code)),
          ...contacts.filter((c) => c.agencyCode === code),
        ]),
      );
    }
    let enqueued = 0;
    let pending: NewNotification[] = [];
    for (const d of due) {
      for (const r of recipientsOf.get(d.agencyCode) ?? [])
        pending.push(deadlineReminder(d, r, asOf, this.settings));
      if (pending.length >= ENQUEUE_BATCH) {
        enqueued += await this.outbox.enqueue(pending, this.clock.now());
        pending = [];
      }
    }
    if (pending.length) enqueued += await this.outbox.enqueue(pending, this.clock.now());
    return enqueued;
  }
}
