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
import { ParentsChangedBus, TouchedParentsOutbox } from './parents-changed';
import { MongoTouchedParentsOutbox, TouchedParentsSchema } from './touched-parents.mongo';
import { InspectionSchema, MongoInspectionRepository } from './inspections/inspection.mongo';
import { InspectionsController } from './inspections/inspections.controller';
import { InspectionsService } from './inspections/inspections.service';
import { PlanRepository } from './plans/plan';
import { MongoPlanRepository, PlanRevisionSchema, PlanSchema } from './plans/plan.mongo';
import { PlanExportService } from './plan-files/plan-export.service';
import { PlanFileUploadInterceptor } from './plan-files/plan-file-upload.interceptor';
import { PlanImportSlots } from './plan-files/plan-import-slots';
import { PlanFilesController } from './plan-files/plan-files.controller';
import { PlanImportService } from './plan-files/plan-import.service';
import { PlansController } from './plans/plans.controller';
import { ImportConflictProbe } from './plan-files/preview/import-conflict-probe';
import {
  ImportMappingRepository,
  ImportPreviewRepository,
} from './plan-files/preview/import-preview';
import {
  ImportMappingSchema,
  ImportPreviewChunkSchema,
  ImportPreviewSchema,
  MongoImportMappingRepository,
  MongoImportPreviewRepository,
} from './plan-files/preview/import-preview.mongo';
import { PlanImportPreviewService } from './plan-files/preview/plan-import-preview.service';
import { ImportUndoStore } from './plan-files/unfinished-import';
import { MongoImportUndoStore } from './plan-files/unfinished-import.mongo';
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
      { name: 'PlanImportPreview', schema: ImportPreviewSchema },
      { name: 'PlanImportPreviewChunk', schema: ImportPreviewChunkSchema },
      { name: 'PlanImportMapping', schema: ImportMappingSchema },
      { name: 'TouchedParents', schema: TouchedParentsSchema },
    ]),
    AgenciesModule,
    AuditModule,
  ],
  // PlanFilesController first: GET /plans/export must not be taken for GET /plans/:id.
  controllers: [PlanFilesController, PlansController, InspectionsController, EnterprisesController],
  providers: [
    PlansService,
    PlanImportService,
    PlanImportPreviewService,
    ImportConflictProbe,
    PlanExportService,
    PlanFileUploadInterceptor,
    PlanImportSlots,
    InspectionsService,
    EnterprisesService,
    ParentsChangedBus,
    EnterpriseViewSections,
    { provide: PlanRepository, useClass: MongoPlanRepository },
    { provide: InspectionRepository, useClass: MongoInspectionRepository },
    { provide: EnterpriseRepository, useClass: MongoEnterpriseRepository },
    { provide: ImportPreviewRepository, useClass: MongoImportPreviewRepository },
    { provide: ImportMappingRepository, useClass: MongoImportMappingRepository },
    { provide: ImportUndoStore, useClass: MongoImportUndoStore },
    { provide: RecordAgencies, useClass: RegistryRecordAgencies },
    { provide: TouchedParentsOutbox, useClass: MongoTouchedParentsOutbox },
  ],
  // What other features inject: conflicts (the bus, the dry run's file reader, the
  // preview's conflict probe, resolution writes, repositories for scans), feeds
  // (repositories; plans for the approved version of a plan under revision), meetings
  // (agencies), the route
  // guard (records' agencies).
  exports: [
    RecordAgencies,
    PlanImportService,
    PlanImportSlots, // one count for the import and the dry run of a file
    ImportConflictProbe,
    InspectionsService,
    ParentsChangedBus,
    EnterpriseViewSections,
    InspectionRepository,
    EnterpriseRepository,
    PlanRepository,
    AgenciesModule,
    // The pages read and write through the same services as the API.
    PlansService,
    EnterprisesService,
    PlanImportPreviewService,
  ],
})
export class RegistryModule {}
