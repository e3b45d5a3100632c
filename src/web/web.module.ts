import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { FeedsModule } from '../feeds/feeds.module';
import { IdentityModule } from '../identity/identity.module';
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

/**
 * The pages people use (Vietnamese, server-rendered), under /web, plus the public pages.
 * Every page reads and writes through the same services as the API, behind the same route
 * guard: a page route declares its @Policy like any other route.
 */
@Module({
  imports: [
    IdentityModule,
    AgenciesModule,
    RegistryModule,
    ConflictsModule,
    MeetingsModule,
    FeedsModule,
    ReportsModule,
  ],
  controllers: [AssetsController, SignInPagesController, HomePageController],
  providers: [
    PageRenderer,
    LayoutContextFactory,
    PageResponder,
    WebExceptionFilter,
    SignInPages,
    HomePage,
  ],
})
export class WebModule {}
