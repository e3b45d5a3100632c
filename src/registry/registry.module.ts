import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditModule } from '../audit/audit';
import { EnterpriseRepository } from './enterprises/enterprise';
import { EnterpriseViewSections } from './enterprises/enterprise-view';
import { EnterpriseSchema, MongoEnterpriseRepository } from './enterprises/enterprise.mongo';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { EnterprisesService } from './enterprises/enterprises.service';
import { InspectionRepository } from './inspections/inspection';
import { ParentsChangedBus } from './parents-changed';
import { InspectionSchema, MongoInspectionRepository } from './inspections/inspection.mongo';
import { InspectionsController } from './inspections/inspections.controller';
import { InspectionsService } from './inspections/inspections.service';
import { PlanRepository } from './plans/plan';
import { MongoPlanRepository, PlanRevisionSchema, PlanSchema } from './plans/plan.mongo';
import { PlanExportService } from './plan-files/plan-export.service';
import { PlanFileUploadInterceptor } from './plan-files/plan-file-upload.interceptor';
import { PlanFilesController } from './plan-files/plan-files.controller';
import { PlanImportService } from './plan-files/plan-import.service';
import { PlansController } from './plans/plans.controller';
import { PlansService } from './plans/plans.service';
import { RecordAgencies } from '../identity/authorization/record-agencies';
import { RegistryRecordAgencies } from './record-agencies.provider';

/** The plan registry: plans, their inspections, and the enterprises they name. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'Plan', schema: PlanSchema },
      { name: 'PlanRevision', schema: PlanRevisionSchema },
      { name: 'Inspection', schema: InspectionSchema },
      { name: 'Enterprise', schema: EnterpriseSchema },
    ]),
    AgenciesModule,
    AuditModule,
  ],
  // PlanFilesController first: GET /plans/export must not be taken for GET /plans/:id.
  controllers: [PlanFilesController, PlansController, InspectionsController, EnterprisesController],
  providers: [
    PlansService,
    PlanImportService,
    PlanExportService,
    PlanFileUploadInterceptor,
    InspectionsService,
    EnterprisesService,
    ParentsChangedBus,
    EnterpriseViewSections,
    { provide: PlanRepository, useClass: MongoPlanRepository },
    { provide: InspectionRepository, useClass: MongoInspectionRepository },
    { provide: EnterpriseRepository, useClass: MongoEnterpriseRepository },
    { provide: RecordAgencies, useClass: RegistryRecordAgencies },
  ],
  // What other features inject: conflicts (the bus, the dry run's file reader, resolution
  // writes, repositories for scans), feeds (repositories), meetings (agencies), the route
  // guard (records' agencies).
  exports: [
    RecordAgencies,
    PlanImportService,
    InspectionsService,
    ParentsChangedBus,
    EnterpriseViewSections,
    InspectionRepository,
    EnterpriseRepository,
    AgenciesModule,
    // The pages read and write through the same services as the API.
    PlansService,
    EnterprisesService,
  ],
})
export class RegistryModule {}
