import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Actor } from '../../identity/authorization/actor.decorator';
import { readableAgencies } from '../../identity/authorization/agency-scope';
import { AGENCY_PLANNING, Policy } from '../../identity/authorization/policy';
import { ListInspectionsQuery, UpdateInspectionDto } from './inspection.dto';
import { InspectionsService } from './inspections.service';

@ApiTags('inspections')
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly service: InspectionsService) {}

  @Get()
  @Policy()
  list(@Query() query: ListInspectionsQuery, @CurrentPrincipal() reader: Principal) {
    return this.service.list(query, readableAgencies(reader));
  }

  @Get(':id')
  @Policy({ reads: { inspection: 'id' } })
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Patch(':id')
  @Policy({ roles: AGENCY_PLANNING, agency: { inspection: 'id' } })
  update(@Param('id') id: string, @Body() body: UpdateInspectionDto, @Actor() actor: string) {
    return this.service.update(id, body, actor);
  }
}
