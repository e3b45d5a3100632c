import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { ConflictSchema } from '../conflicts/conflict.mongo';
import { InspectionSchema } from '../registry/inspections/inspection.mongo';
import { ReportsController } from './reports.controller';
import { MongoReportsRepository } from './reports.mongo';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { DdciReportService } from './ddci.service';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { RegistryModule } from '../registry/registry.module';

/**
 * Yearly reports. Only MongoReportsRepository reads the registry's and the conflicts'
 * collections (the same models); the service sees grouped rows through ReportsRepository.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Inspection', schema: InspectionSchema },
      { name: 'Conflict', schema: ConflictSchema },
    ]),
    AgenciesModule,
    RegistryModule,
    LifecycleModule,
  ],
  controllers: [ReportsController],
  providers: [
    ReportsService,
    DdciReportService,
    { provide: ReportsRepository, useClass: MongoReportsRepository },
  ],
  exports: [ReportsService], // the report and home pages
})
export class ReportsModule {}
