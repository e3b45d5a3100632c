import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Actor } from '../../identity/authorization/actor.decorator';
import { readableAgencies } from '../../identity/authorization/agency-scope';
import { COORDINATION, Policy } from '../../identity/authorization/policy';
import { PageQuery } from '../../common/http/pagination';
import { trimNfc } from '../../common/validation/transforms';
import { EnterprisesService } from './enterprises.service';

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

class SearchEnterprisesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Tax code prefix or part of the name' })
  @IsOptional()
  @IsString()
  q?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() goodComplier?: boolean;
}

class UpdateEnterpriseDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(400)
  name?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(500)
  address?: string;
  @ApiPropertyOptional({ description: 'NQ198: complies well, so on-site checks should be remote' })
  @IsOptional()
  @IsBoolean()
  goodComplier?: boolean;
  @ApiPropertyOptional({
    description: "Anyone may subscribe to this enterprise's planned inspections",
  })
  @IsOptional()
  @IsBoolean()
  publicFeed?: boolean;
  @ApiPropertyOptional({
    example: 'ketoan@doanhnghiep.example.vn',
    description: 'Where notices to the enterprise go (named in an approved thanh tra plan)',
  })
  @IsOptional()
  @Transform(trimNfc)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  contactEmail?: string;
}

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly service: EnterprisesService) {}

  @Get()
  @Policy()
  search(@Query() query: SearchEnterprisesQuery) {
    return this.service.search(query.q, query.goodComplier, query.page, query.pageSize);
  }

  @Get(':taxCode')
  @Policy()
  @ApiOperation({
    summary:
      'The enterprise, its inspections across all agencies and its conflicts (for an officer or approver: those involving its agencies)',
  })
  view(@Param('taxCode') taxCode: string, @CurrentPrincipal() reader: Principal) {
    return this.service.view(taxCode, readableAgencies(reader));
  }

  @Patch(':taxCode')
  @Policy({ roles: COORDINATION }) // shared records: good complier, public feed
  update(
    @Param('taxCode') taxCode: string,
    @Body() body: UpdateEnterpriseDto,
    @Actor() actor: string,
  ) {
    return this.service.update(taxCode, body, actor);
  }
}
