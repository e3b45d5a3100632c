import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { AUDIT_READERS, Policy } from '../identity/authorization/policy';
import { AUDITED_ENTITIES, AuditedEntity, AuditModule, AuditTrail } from '../audit/audit';

class AuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: AUDITED_ENTITIES })
  @IsOptional()
  @IsIn(AUDITED_ENTITIES)
  entityType?: AuditedEntity;
  @ApiPropertyOptional() @IsOptional() @IsString() entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() actor?: string;
  @ApiPropertyOptional({ description: 'ISO instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
  @ApiPropertyOptional({ description: 'ISO instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}

@ApiTags('audit')
@Controller('audit')
class AuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  @Policy({ roles: AUDIT_READERS })
  find(@Query() query: AuditQueryDto) {
    return this.audit.find(query);
  }
}

@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditApiModule {}
