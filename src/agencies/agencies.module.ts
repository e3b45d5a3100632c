import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { AgencyRepository } from './agency';
import { AgencySchema, MongoAgencyRepository } from './agency.mongo';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';
import { AgencySuccessionService } from './succession.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: 'Agency', schema: AgencySchema }]), AuditModule],
  controllers: [AgenciesController],
  providers: [
    AgenciesService,
    AgencySuccessionService,
    { provide: AgencyRepository, useClass: MongoAgencyRepository },
  ],
  exports: [AgenciesService, AgencyRepository],
})
export class AgenciesModule {}
