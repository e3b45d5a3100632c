import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LeasedIntervals } from '../../common/jobs/job-lease';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { formatDayVi } from '../../domain/calendar-day';
import { INSPECTION_FORM_LABEL_VI, INSPECTION_TYPE_LABEL_VI } from '../../domain/vocabulary';
import { NewNotification, OutboxRepository } from '../outbox/outbox';
import { InspectionAnnouncements } from './announcements';
import { NoticeCandidate, PlannedInspectionsSource } from './planned-inspections';

export const NOTICES_JOB = 'notifications.enterprise-notices';
const HOUR = 3_600_000;
const ENQUEUE_BATCH = 500;

/** The notice to an enterprise named in an approved annual plan, in Vietnamese. Pure. */
export function enterpriseNotice(c: NoticeCandidate): NewNotification {
  const type = INSPECTION_TYPE_LABEL_VI[c.type].toLowerCase();
  const decision = c.decision
    ? ` (Quyết định số ${c.decision.number} ngày ${formatDayVi(c.decision.date)})`
    : '';
  return {
    key: `enterprise-notice:${c.inspectionId}:${c.contactEmail.toLowerCase()}`,
    kind: 'enterprise-notice',
    mail: {
      to: c.contactEmail,
      subject: `Thông báo: doanh nghiệp có tên trong kế hoạch ${type} năm ${c.year} của ${c.leadAgencyName}`,
      text: [
        `Kính gửi ${c.enterpriseName} (MST ${c.taxCode}),`,
        '',
        `${c.leadAgencyName} thông báo: doanh nghiệp có tên trong kế hoạch ${type} năm ${c.year} đã được phê duyệt${decision}.`,
        `Nội dung: ${c.content}`,
        `Hình thức: ${INSPECTION_FORM_LABEL_VI[c.form].toLowerCase()}`,
        `Thời gian dự kiến: ${formatDayVi(c.window.from)} – ${formatDayVi(c.window.to)}`,
        '',
        'Thời gian chính thức được ghi trong quyết định thanh tra, công bố theo quy định của Luật Thanh tra.',
        '—',
        'Thư tự động từ hệ thống điều phối kế hoạch thanh tra, kiểm tra doanh nghiệp.',
      ].join('\n'),
      headers: { 'Auto-Submitted': 'auto-generated' },
    },
  };
}

/**
 * Enterprise notices: every planned thanh tra of an approved annual plan of this year or the
 * next whose enterprise has a contact address gets one notice (key: inspection and address);
 * a kiểm tra only once the announcements port says it was announced (by default never).
 * A sweep, not a hook: it needs no edit in the registry and catches addresses added later.
 */
@Injectable()
export class EnterpriseNoticesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('EnterpriseNotices');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly source: PlannedInspectionsSource,
    private readonly announcements: InspectionAnnouncements,
    private readonly outbox: OutboxRepository,
    private readonly intervals: LeasedIntervals,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled || !this.config.notificationsWorker) return;
    this.intervals.every({
      job: NOTICES_JOB,
      everyMs: HOUR,
      round: () => this.run(),
      logger: this.logger,
      report: (n) => `${n} enterprise notices enqueued`,
      what: 'enterprise notices',
    });
  }

  async run(): Promise<number> {
    const year = Number(this.clock.today().slice(0, 4));
    let enqueued = 0;
    let pending: NoticeCandidate[] = [];
    const flush = async () => {
      const kiemTra = pending.filter((c) => c.type !== 'thanh-tra').map((c) => c.inspectionId);
      const announced = kiemTra.length
        ? await this.announcements.announcedAmong(kiemTra)
        : new Set<string>();
      const due = pending.filter((c) => c.type === 'thanh-tra' || announced.has(c.inspectionId));
      enqueued += await this.outbox.enqueue(due.map(enterpriseNotice), this.clock.now());
      pending = [];
    };
    for await (const c of this.source.approvedAnnual([year, year + 1])) {
      pending.push(c);
      if (pending.length === ENQUEUE_BATCH) await flush();
    }
    await flush();
    return enqueued;
  }
}
