import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditModule } from '../audit/audit';
import { RegistryModule } from '../registry/registry.module';
import { createWorkingCalendar } from './calendar/public-holidays';
import { LifecycleRepository } from './lifecycle';
import { DeadlinesController, LifecycleController } from './lifecycle.controller';
import { LifecycleSchema, MongoLifecycleRepository } from './lifecycle.mongo';
import { LifecycleService, WORKING_CALENDAR } from './lifecycle.service';
import { VerificationPages } from './verify/verification-pages';
import { VerifyController } from './verify/verify.controller';

/** After the plan: decisions, conduct, statutory deadlines, conclusions, public verification. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'InspectionLifecycle', schema: LifecycleSchema }]),
    RegistryModule,
    AgenciesModule,
    AuditModule,
  ],
  controllers: [LifecycleController, DeadlinesController, VerifyController],
  providers: [
    LifecycleService,
    VerificationPages,
    { provide: LifecycleRepository, useClass: MongoLifecycleRepository },
    { provide: WORKING_CALENDAR, useFactory: () => createWorkingCalendar() },
  ],
  // Notifications: LifecycleService.upcoming(from, to) for deadline reminders.
  // Web: VerificationPages, so /verify/:code renders in the site's layout.
  exports: [LifecycleService, WORKING_CALENDAR, VerificationPages],
})
export class LifecycleModule {}
