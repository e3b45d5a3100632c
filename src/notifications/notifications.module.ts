import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { JobLeaseModule } from '../common/jobs/job-lease';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConflictChangesSource } from './digests/conflict-changes';
import { MongoConflictChangesSource } from './digests/conflict-changes.mongo';
import { DigestService } from './digests/digest.service';
import { DigestCursors, PreferencesRepository } from './digests/preferences';
import {
  DigestCursorSchema,
  MongoDigestCursors,
  MongoPreferencesRepository,
  PreferencesSchema,
} from './digests/preferences.mongo';
import { UnsubscribeKey } from './digests/unsubscribe-key';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { InspectionAnnouncements } from './notices/announcements';
import { DeadlineSource } from './notices/deadline-reminders';
import { DeadlineRemindersService } from './notices/deadline-reminders.service';
import { LifecycleDeadlineSource } from './notices/deadline-source.lifecycle';
import { EnterpriseNoticesService } from './notices/enterprise-notices.service';
import { PlannedInspectionsSource } from './notices/planned-inspections';
import { MongoPlannedInspectionsSource } from './notices/planned-inspections.mongo';
import { MeetingInvitationsService } from './invitations/meeting-invitations.service';
import { MAIL_SETTINGS, mailSettingsFrom } from './mail-settings';
import { MailTransport } from './outbox/mail-transport';
import { OutboxRepository } from './outbox/outbox';
import { MongoOutboxRepository, OutboxSchema } from './outbox/outbox.mongo';
import { OutboxSender } from './outbox/outbox-sender.service';
import { DisabledMailTransport, SmtpMailTransport } from './outbox/smtp-transport';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { RecipientDirectory } from './recipients';
import { MongoRecipientDirectory } from './recipients.mongo';

/** E-mail notifications through a MongoDB outbox (see README.md in this folder). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'NotificationOutbox', schema: OutboxSchema },
      { name: 'NotificationPreferences', schema: PreferencesSchema },
      { name: 'NotificationDigestCursor', schema: DigestCursorSchema },
    ]),
    JobLeaseModule,
    AgenciesModule,
    LifecycleModule,
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    OutboxSender,
    MeetingInvitationsService,
    DigestService,
    UnsubscribeKey,
    { provide: PreferencesRepository, useClass: MongoPreferencesRepository },
    { provide: DigestCursors, useClass: MongoDigestCursors },
    { provide: ConflictChangesSource, useClass: MongoConflictChangesSource },
    EnterpriseNoticesService,
    { provide: PlannedInspectionsSource, useClass: MongoPlannedInspectionsSource },
    // A kiểm tra is notified only once the lifecycle has it announced (at its start).
    {
      provide: InspectionAnnouncements,
      inject: [LifecycleService],
      useFactory: (lifecycle: LifecycleService): InspectionAnnouncements => ({
        announcedAmong: (ids) => lifecycle.announcedAmong(ids),
      }),
    },
    // Deadline reminders: the lifecycle's deadlines, staged (due in N days, overdue).
    DeadlineRemindersService,
    { provide: DeadlineSource, useClass: LifecycleDeadlineSource },
    { provide: MAIL_SETTINGS, inject: [APP_CONFIG], useFactory: mailSettingsFrom },
    { provide: OutboxRepository, useClass: MongoOutboxRepository },
    {
      provide: MailTransport,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.smtpUrl
          ? new SmtpMailTransport(config.smtpUrl, config.mailFrom)
          : new DisabledMailTransport(),
    },
    { provide: RecipientDirectory, useClass: MongoRecipientDirectory },
  ],
  exports: [NotificationsService], // the preferences page
})
export class NotificationsModule {}
