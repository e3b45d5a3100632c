import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuditModule } from '../audit/audit';
import { EnterpriseRepository } from '../enterprises/enterprise';
import { EnterpriseViewSections } from '../enterprises/enterprise-view';
import { EnterpriseSchema, MongoEnterpriseRepository } from '../enterprises/enterprise.mongo';
import { EnterprisesController } from '../enterprises/enterprises.controller';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { InspectionRepository } from '../inspections/inspection';
import { InspectionChangeNotifier } from '../inspections/inspection-change-notifier';
import { InspectionSchema, MongoInspectionRepository } from '../inspections/inspection.mongo';
import { InspectionsController } from '../inspections/inspections.controller';
import { InspectionsService } from '../inspections/inspections.service';
import { PlanRepository } from './plan';
import { MongoPlanRepository, PlanRevisionSchema, PlanSchema } from './plan.mongo';
import { PlanExportService } from './plan-export.service';
import { PlanFileUploadInterceptor } from './plan-file-upload.interceptor';
import { PlanFilesController } from './plan-files.controller';
import { PlanImportService } from './plan-import.service';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

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
    InspectionChangeNotifier,
    EnterpriseViewSections,
    { provide: PlanRepository, useClass: MongoPlanRepository },
    { provide: InspectionRepository, useClass: MongoInspectionRepository },
    { provide: EnterpriseRepository, useClass: MongoEnterpriseRepository },
  ],
  exports: [
    PlansService,
    PlanImportService,
    InspectionsService,
    InspectionChangeNotifier,
    EnterpriseViewSections,
    PlanRepository,
    InspectionRepository,
    EnterpriseRepository,
    AgenciesModule,
  ],
})
export class PlansModule {}
