import { NotificationsModule } from '../notifications/notifications.module';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { FeedsModule } from '../feeds/feeds.module';
import { FieldsModule } from '../fields/fields.module';
import { IdentityModule } from '../identity/identity.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { RegistryModule } from '../registry/registry.module';
import { ReportsModule } from '../reports/reports.module';
import { AssetsController } from './assets/assets.controller';
import { HomePageController } from './home/home-page.controller';
import { HomePage } from './home/home-page.service';
import { LayoutContextFactory } from './rendering/layout-context';
import { PageRenderer } from './rendering/page-renderer';
import { PageResponder } from './rendering/page-responder';
import { SignInPagesController } from './sign-in/sign-in-pages.controller';
import { SignInPages } from './sign-in/sign-in-pages.service';
import { WebExceptionFilter } from './web-exception.filter';
import { VerificationPageOnLayout } from './verify/verification-page-on-layout';
import { ConflictPagesController } from './conflicts/conflict-pages.controller';
import { ConflictPages } from './conflicts/conflict-pages.service';
import { RecordPagesController } from './records/record-pages.controller';
import { RecordPages } from './records/record-pages.service';
import { InspectionFormPage } from './records/inspection-form-page.service';
import { MeetingPagesController } from './meetings/meeting-pages.controller';
import { MeetingPages } from './meetings/meeting-pages.service';
import { ReportPagesController } from './reports/report-pages.controller';
import { ReportPages } from './reports/report-pages.service';
import { FeedPagesController } from './feeds/feed-pages.controller';
import { FeedPages } from './feeds/feed-pages.service';
import { AdminPagesController } from './admin/admin-pages.controller';
import { AdminPages } from './admin/admin-pages.service';
import { NotFoundPageController } from './not-found.controller';
import { NotificationPagesController } from './notifications/notification-pages.controller';
import { NotificationPages } from './notifications/notification-pages.service';
import { PlanPagesController } from './plans/plan-pages.controller';
import { PlanPages } from './plans/plan-pages.service';
import { PlanUploadPage } from './plans/plan-upload-page.service';
import { PlanUploadMiddleware } from './plans/plan-upload.middleware';

/**
 * The pages people use (Vietnamese, server-rendered), under /web, plus the public pages.
 * Every page reads and writes through the same services as the API, behind the same route
 * guard: a page route declares its @Policy like any other route.
 */
@Module({
  imports: [
    FieldsModule,
    IdentityModule,
    AgenciesModule,
    RegistryModule,
    ConflictsModule,
    MeetingsModule,
    FeedsModule,
    ReportsModule,
    LifecycleModule,
    NotificationsModule,
  ],
  controllers: [
    AssetsController,
    SignInPagesController,
    HomePageController,
    PlanPagesController,
    RecordPagesController,
    ConflictPagesController,
    MeetingPagesController,
    ReportPagesController,
    FeedPagesController,
    AdminPagesController,
    NotificationPagesController,
    NotFoundPageController, // last: only what no page above matched
  ],
  providers: [
    PageRenderer,
    LayoutContextFactory,
    PageResponder,
    WebExceptionFilter,
    SignInPages,
    HomePage,
    PlanPages,
    PlanUploadPage,
    RecordPages,
    InspectionFormPage,
    ConflictPages,
    MeetingPages,
    ReportPages,
    FeedPages,
    AdminPages,
    VerificationPageOnLayout,
    NotificationPages,
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Before the route guard, which reads the form's _csrf field.
    // (All methods: a method-bound middleware would add a route of its own to the router.)
    consumer.apply(PlanUploadMiddleware).forRoutes('web/plans/import');
  }
}
