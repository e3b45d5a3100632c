import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { JobLeaseModule } from '../common/jobs/job-lease';
import { touchesAny } from '../identity/authorization/agency-scope';
import { EnterpriseViewSections } from '../registry/enterprises/enterprise-view';
import { RegistryModule } from '../registry/registry.module';
import { ConflictRepository } from './conflict.repository';
import { ConflictSchema, MongoConflictRepository } from './conflict.mongo';
import { ConflictDetectionService } from './conflict-detection.service';
import { conflictEngineProvider } from './conflict-engine.provider';
import { ConflictsController } from './conflicts.controller';
import { ConflictDryRunService } from './conflict-dry-run.service';
import { ConflictQueriesService } from './conflict-queries.service';
import { EngineInputLoader } from './engine-input';
import { ConflictResolutionService } from './resolution/conflict-resolution.service';
import { RescanService } from './rescan.service';
import { TouchedParentsSweep } from './touched-parents-sweep';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'Conflict', schema: ConflictSchema }]),
    RegistryModule,
    AuditModule,
    JobLeaseModule,
  ],
  controllers: [ConflictsController],
  providers: [
    conflictEngineProvider,
    EngineInputLoader,
    ConflictDetectionService,
    ConflictQueriesService,
    ConflictDryRunService,
    ConflictResolutionService,
    RescanService,
    TouchedParentsSweep,
    { provide: ConflictRepository, useClass: MongoConflictRepository },
  ],
  exports: [
    ConflictQueriesService, // the pages read conflicts as the API does
    ConflictResolutionService,
    ConflictRepository,
    ConflictDetectionService,
    conflictEngineProvider,
  ],
})
export class ConflictsModule implements OnModuleInit {
  constructor(
    private readonly sections: EnterpriseViewSections,
    private readonly conflicts: ConflictRepository,
  ) {}

  /** GET /enterprises/:taxCode shows the enterprise's conflicts too. */
  onModuleInit(): void {
    this.sections.add(async (parent, within) => ({
      conflicts: (await this.conflicts.findByParents([parent])).filter((c) =>
        touchesAny(c.agencyCodes, within),
      ),
    }));
  }
}
