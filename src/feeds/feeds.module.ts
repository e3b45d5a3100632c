import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { RegistryModule } from '../registry/registry.module';
import { FeedRepository } from './feed';
import { FeedEventsService } from './feed-events.service';
import { FeedSchema, MongoFeedRepository } from './feed.mongo';
import { FeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'FeedSubscription', schema: FeedSchema }]),
    RegistryModule,
    ConflictsModule,
    AuditModule,
  ],
  controllers: [FeedsController],
  providers: [
    FeedsService,
    FeedEventsService,
    { provide: FeedRepository, useClass: MongoFeedRepository },
  ],
  exports: [FeedsService, FeedEventsService], // the subscribe pages
})
export class FeedsModule {}
