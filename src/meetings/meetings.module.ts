import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { InspectionRegistrations } from './inspection-registrations';
import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { MeetingCalendarSource } from '../feeds/feed-events.service';
import { RegistryModule } from '../registry/registry.module';
import { MeetingRepository } from './meeting';
import { MeetingChangesBus } from './meeting-changes';
import { MeetingCalendarSourceImpl } from './meeting-calendar.source';
import { MeetingSchema, MongoMeetingRepository } from './meeting.mongo';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

/** Coordination meetings. Global to hand the calendar feeds their meetings source (and notifications their changes). */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'Meeting', schema: MeetingSchema }]),
    ConflictsModule,
    RegistryModule,
    AuditModule,
    LifecycleModule,
  ],
  controllers: [MeetingsController],
  providers: [
    MeetingsService,
    MeetingChangesBus,
    { provide: MeetingRepository, useClass: MongoMeetingRepository },
    { provide: MeetingCalendarSource, useClass: MeetingCalendarSourceImpl },
    // The minutes print each approved inspection's registration code and QR.
    {
      provide: InspectionRegistrations,
      inject: [LifecycleService],
      useFactory: (lifecycle: LifecycleService): InspectionRegistrations => ({
        of: (ids) => lifecycle.registrationsOf(ids),
      }),
    },
  ],
  exports: [MeetingCalendarSource, MeetingRepository, MeetingChangesBus, MeetingsService],
})
export class MeetingsModule {}
