import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { ConflictSchema } from '../conflicts/conflict.mongo';
import { InspectionSchema } from '../registry/inspections/inspection.mongo';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Yearly reports. Reads the registry's and the conflicts' collections (the same models). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Inspection', schema: InspectionSchema },
      { name: 'Conflict', schema: ConflictSchema },
    ]),
    AgenciesModule,
  ],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
