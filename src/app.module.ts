import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { Clock, SystemClock } from './common/time/clock';
import { LoggingModule } from './common/logging/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditApiModule } from './audit-log/audit-log.controller';
import { FieldsModule } from './fields/fields.module';
import { RegistryModule } from './registry/registry.module';
import { ConflictsModule } from './conflicts/conflicts.module';
import { FeedsModule } from './feeds/feeds.module';
import { MeetingsModule } from './meetings/meetings.module';
import { ReportsModule } from './reports/reports.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { IdentityModule } from './identity/identity.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AccessGuard } from './identity/authorization/access.guard';
import { WebModule } from './web/web.module';

/** Effects every feature may need, each behind a small injectable so tests can replace it. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
class CoreModule {}

@Module({
  imports: [
    ConfigModule,
    CoreModule,
    LoggingModule,
    DatabaseModule,
    ScheduleModule.forRoot(),
    HealthModule,
    FieldsModule,
    AgenciesModule,
    RegistryModule,
    ConflictsModule,
    FeedsModule,
    MeetingsModule,
    ReportsModule,
    LifecycleModule,
    AuditApiModule,
    IdentityModule,
    NotificationsModule,
    WebModule,
  ],
  // Every route declares its policy (@Policy or @PublicRoute); this guard enforces it.
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class AppModule {}
