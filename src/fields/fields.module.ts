import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditModule } from '../audit/audit';
import { FieldRepository, FieldUsage } from './field';
import { FieldCatalog } from './field-catalog';
import { FieldSchema, MongoFieldRepository, MongoFieldUsage } from './field.mongo';
import { FieldsController } from './fields.controller';
import { FieldsService } from './fields.service';

/** Global: validation, labels and imports all over the service read the one catalogue. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([{ name: 'FieldOfManagement', schema: FieldSchema }]),
    AuditModule,
  ],
  controllers: [FieldsController],
  providers: [
    FieldCatalog,
    FieldsService,
    { provide: FieldRepository, useClass: MongoFieldRepository },
    { provide: FieldUsage, useClass: MongoFieldUsage },
  ],
  exports: [FieldCatalog, FieldsService],
})
export class FieldsModule {}
