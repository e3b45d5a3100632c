import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { RegistryModule } from '../registry/registry.module';
import { FeedRepository } from './feed';
import {
  FeedEventsService,
  InspectionDeadlines,
  PublicInspectionGate,
} from './feed-events.service';
import { FeedLedgerRepository } from './feed-ledger';
import { FeedLedgerSchema, MongoFeedLedgerRepository } from './feed-ledger.mongo';
import { FeedSchema, MongoFeedRepository } from './feed.mongo';
import { FeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'FeedSubscription', schema: FeedSchema },
      { name: 'FeedLedger', schema: FeedLedgerSchema },
    ]),
    RegistryModule,
    ConflictsModule,
    AuditModule,
    LifecycleModule,
  ],
  controllers: [FeedsController],
  providers: [
    FeedsService,
    FeedEventsService,
    { provide: FeedRepository, useClass: MongoFeedRepository },
    { provide: FeedLedgerRepository, useClass: MongoFeedLedgerRepository },
    // Public feeds leave out what the lifecycle says the public may not see yet.
    {
      provide: PublicInspectionGate,
      useFactory: (lifecycle: LifecycleService): PublicInspectionGate => ({
        publicOf: (inspections, asOf) => lifecycle.publicOf(inspections, asOf),
      }),
      inject: [LifecycleService],
    },
    // The agency's feed shows its inspections' statutory deadlines.
    {
      provide: InspectionDeadlines,
      useFactory: (lifecycle: LifecycleService): InspectionDeadlines => ({
        deadlinesOf: (inspections, asOf) => lifecycle.deadlinesFor(inspections, asOf),
      }),
      inject: [LifecycleService],
    },
  ],
  exports: [FeedsService, FeedEventsService], // the subscribe pages
})
export class FeedsModule {}
