import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedIntervals } from '../../common/jobs/job-lease';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../../common/time/clock';
import { formatDayVi } from '../../domain/calendar-day';
import { domainDayOf } from '../../domain/domain-zone';
import { eventUid, feedUidScope } from '../../feeds/calendar/uid';
import { viTime } from '../../feeds/calendar/vi-format';
import { meetingSummary } from '../../feeds/calendar/meeting-events';
import type { Meeting } from '../../meetings/meeting';
import { MeetingChanged, MeetingChangesBus } from '../../meetings/meeting-changes';
import { MAIL_SETTINGS, MailSettings, webLink } from '../mail-settings';
import { NewNotification, OutboxRepository } from '../outbox/outbox';
import { Recipient, RecipientDirectory, uniqueByAddress } from '../recipients';
import { ItipMethod, renderInvitation } from './itip';

/** What an invitation shows: a change of anything else (agenda, decisions, notes) sends none. */
const INVITATION_FIELDS = ['title', 'start', 'end', 'place', 'chair', 'agencyCodes'] as const;

export const INVITATIONS_SWEEP_JOB = 'notifications.meeting-invitations';
const SWEEP_EVERY_MS = 5 * 60_000;
/** Meetings changed this recently are checked by the sweep. */
const SWEEP_LOOKBACK_MS = 2 * 24 * 3_600_000;

/** What an invitation shows, digested: two versions with the same one need no new mail. */
export function invitationFingerprint(m: Meeting): string {
  const shown = INVITATION_FIELDS.map((k) => m[k]);
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
}

/** The meeting's UID in the meetings feed (scope `meetings`), so Outlook sees one event. */
export function meetingEventUid(meetingId: string, domain: string): string {
  return eventUid('meeting', [meetingId], feedUidScope({ scope: 'meetings' }), domain);
}

/**
 * Meeting invitations: on create a REQUEST to every invited agency's contact address and its
 * officers; on a change of time, place, chair, title or agencies a REQUEST with the higher
 * SEQUENCE (a CANCEL to those no longer invited); on cancellation a CANCEL. One outbox
 * message per recipient and meeting revision (`meeting:<id>:r<revision>:<method>:<address>`),
 * enqueued before the meeting's write answers.
 */
@Injectable()
export class MeetingInvitationsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('MeetingInvitations');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intervals: LeasedIntervals,
    @InjectConnection() private readonly connection: Connection,
    private readonly changes: MeetingChangesBus,
    private readonly directory: RecipientDirectory,
    private readonly outbox: OutboxRepository,
    @Inject(MAIL_SETTINGS) private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe(async (change) => void (await this.meetingChanged(change)));
  }

  /** The sweep runs behind the same flags as the sender. */
  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled || !this.config.notificationsWorker) return;
    this.intervals.every({
      job: INVITATIONS_SWEEP_JOB,
      everyMs: SWEEP_EVERY_MS,
      round: () => this.sweep(),
      logger: this.logger,
      report: (n) => `${n} invitations enqueued by the sweep (missed at write time)`,
      what: 'invitation sweep',
    });
  }

  /**
   * The safety net for a crash between a meeting's write and its invitations (two documents,
   * no transaction on a standalone server): meetings changed in the last two days whose last
   * invitation does not show their current time, place, chair, title and agencies (or that
   * were cancelled without a CANCEL) get it now, under the same keys, so nothing is doubled.
   * Reads the meetings collection directly: meetings number in the hundreds a year.
   */
  async sweep(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - SWEEP_LOOKBACK_MS);
    const recent = await this.connection
      .collection<Omit<Meeting, 'id'> & { _id: string }>('meetings')
      .find({ updatedAt: { $gte: since } } as never)
      .toArray();
    let enqueued = 0;
    for (const { _id, ...rest } of recent) {
      const meeting = { id: String(_id), ...rest } as Meeting;
      const last = await this.outbox.lastCause(`meeting:${meeting.id}`);
      const missed =
        meeting.status === 'cancelled'
          ? // Cancelled is final: its CANCEL carries the meeting's last revision.
            last !== null && !(last.method === 'CANCEL' && last.revision === meeting.revision)
          : meeting.status === 'planned' &&
            (last === null || last.fingerprint !== invitationFingerprint(meeting));
      if (!missed) continue;
      const recipients = await this.recipientsOf(meeting.agencyCodes);
      const method = meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
      enqueued += await this.outbox.enqueue(
        this.messages(meeting, method, recipients),
        this.clock.now(),
      );
    }
    return enqueued;
  }

  async meetingChanged({ meeting, previous }: MeetingChanged): Promise<number> {
    const plan = this.whatToSend(meeting, previous);
    if (!plan) return 0;
    const now = await this.recipientsOf(meeting.agencyCodes);
    const before = previous ? await this.recipientsOf(previous.agencyCodes) : [];
    const notifications: NewNotification[] = [];
    if (plan === 'CANCEL') {
      notifications.push(...this.messages(meeting, 'CANCEL', uniqueByAddress([...before, ...now])));
    } else {
      notifications.push(...this.messages(meeting, 'REQUEST', now));
      const kept = new Set(now.map((r) => r.email.toLowerCase()));
      const dropped = before.filter((r) => !kept.has(r.email.toLowerCase()));
      notifications.push(...this.messages(meeting, 'CANCEL', dropped));
    }
    return this.outbox.enqueue(notifications, this.clock.now());
  }

  private whatToSend(meeting: Meeting, previous?: Meeting): ItipMethod | null {
    if (!previous) return meeting.status === 'cancelled' ? null : 'REQUEST';
    if (meeting.status === 'cancelled') return previous.status === 'cancelled' ? null : 'CANCEL';
    if (meeting.status !== 'planned') return null; // held, closed: the meeting is past
    const changed = INVITATION_FIELDS.some(
      (k) => JSON.stringify(meeting[k]) !== JSON.stringify(previous[k]),
    );
    return changed ? 'REQUEST' : null;
  }

  private async recipientsOf(agencyCodes: string[]): Promise<Recipient[]> {
    const [contacts, officers] = await Promise.all([
      this.directory.agencyContacts(agencyCodes),
      this.directory.officersOf(agencyCodes),
    ]);
    return uniqueByAddress([...contacts, ...officers]);
  }

  private messages(meeting: Meeting, method: ItipMethod, to: Recipient[]): NewNotification[] {
    if (to.length === 0) return [];
    const url = webLink(this.settings, 'meetings', meeting.id);
    const summary = meetingSummary({
      title: meeting.title,
      cancelled: method === 'CANCEL',
    } as Parameters<typeof meetingSummary>[0]);
    const when = `${viTime(meeting.start)}–${viTime(meeting.end)} ngày ${formatDayVi(domainDayOf(meeting.start))}`;
    const description = [
      'Cuộc họp phối hợp xử lý chồng chéo thanh tra, kiểm tra doanh nghiệp',
      `Thời gian: ${when} (giờ Việt Nam)`,
      `Địa điểm: ${meeting.place}`,
      `Chủ trì: ${meeting.chair}`,
      `Chương trình: ${meeting.agenda.length} xung đột cần xử lý`,
      `Chi tiết: ${url}`,
    ].join('\n');
    const ics = renderInvitation({
      method,
      uid: meetingEventUid(meeting.id, this.settings.domain),
      sequence: meeting.revision,
      dtstamp: meeting.updatedAt,
      start: meeting.start,
      end: meeting.end,
      summary,
      description,
      location: meeting.place,
      url,
      organizer: this.settings.from,
      attendees: to,
    });
    const lead =
      method === 'CANCEL'
        ? 'Cuộc họp sau đây đã bị hủy (hoặc quý cơ quan không còn trong thành phần mời):'
        : meeting.revision > 1
          ? 'Cuộc họp sau đây đã thay đổi; lời mời kèm theo thay thế lời mời trước:'
          : 'Trân trọng kính mời quý cơ quan dự cuộc họp sau đây:';
    const subject =
      method === 'CANCEL'
        ? `Hủy họp: ${meeting.title}`
        : meeting.revision > 1
          ? `Cập nhật lời mời họp: ${meeting.title}`
          : `Mời họp: ${meeting.title}`;
    return to.map((r) => ({
      key: `meeting:${meeting.id}:r${meeting.revision}:${method}:${r.email.toLowerCase()}`,
      kind: 'meeting-invitation' as const,
      cause: {
        ref: `meeting:${meeting.id}`,
        revision: meeting.revision,
        fingerprint: invitationFingerprint(meeting),
        method,
      },
      mail: {
        to: r.email,
        subject,
        text: `Kính gửi ${r.name},\n\n${lead}\n\n${meeting.title}\n${description}\n`,
        calendar: { method, content: ics },
        attachments: [
          {
            filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
            contentType: `application/ics; method=${method}`,
            content: ics,
          },
        ],
      },
    }));
  }
}
