import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Actor } from '../../identity/authorization/actor.decorator';
import { readableAgencies } from '../../identity/authorization/agency-scope';
import { AGENCY_APPROVAL, AGENCY_PLANNING, Policy } from '../../identity/authorization/policy';
import { CreateInspectionDto } from '../inspections/inspection.dto';
import { InspectionsService } from '../inspections/inspections.service';
import {
  ApprovePlanDto,
  CreatePlanDto,
  ListPlansQuery,
  OptionalReasonDto,
  ReasonDto,
} from './plan.dto';
import { PlansService } from './plans.service';

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly inspections: InspectionsService,
  ) {}

  @Post()
  @Policy({ roles: AGENCY_PLANNING, agency: { body: 'agencyCode' } })
  create(@Body() body: CreatePlanDto, @Actor() actor: string) {
    return this.plans.create(body, actor);
  }

  @Get()
  @Policy()
  list(@Query() query: ListPlansQuery, @CurrentPrincipal() reader: Principal) {
    return this.plans.list(query, readableAgencies(reader));
  }

  @Get(':id')
  @Policy({ reads: { plan: 'id' } })
  get(@Param('id') id: string) {
    return this.plans.get(id);
  }

  @Post(':id/inspections')
  @Policy({ roles: AGENCY_PLANNING, agency: { plan: 'id' } })
  @ApiOperation({
    summary: 'Add an inspection to a draft plan; answers with the conflicts it now takes part in',
  })
  addInspection(
    @Param('id') id: string,
    @Body() body: CreateInspectionDto,
    @Actor() actor: string,
  ) {
    return this.inspections.addToPlan(id, body, actor);
  }

  @Post(':id/submit')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  @HttpCode(200)
  submit(@Param('id') id: string, @Actor() actor: string) {
    return this.plans.submit(id, actor);
  }

  @Post(':id/approve')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  @HttpCode(200)
  approve(@Param('id') id: string, @Body() body: ApprovePlanDto, @Actor() actor: string) {
    return this.plans.approve(id, body, actor);
  }

  @Post(':id/return')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a submitted plan back to draft' })
  returnToDraft(@Param('id') id: string, @Body() body: OptionalReasonDto, @Actor() actor: string) {
    return this.plans.returnToDraft(id, body.reason, actor);
  }

  @Post(':id/withdraw')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  @HttpCode(200)
  withdraw(@Param('id') id: string, @Body() body: ReasonDto, @Actor() actor: string) {
    return this.plans.withdraw(id, body.reason, actor);
  }

  @Post(':id/revise')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze the approved plan as a revision and reopen it as a draft' })
  revise(@Param('id') id: string, @Body() body: ReasonDto, @Actor() actor: string) {
    return this.plans.revise(id, body.reason, actor);
  }

  @Get(':id/revisions')
  @Policy({ reads: { plan: 'id' } })
  revisions(@Param('id') id: string) {
    return this.plans.revisions(id);
  }

  @Get(':id/revisions/:revision')
  @Policy({ reads: { plan: 'id' } })
  revision(@Param('id') id: string, @Param('revision', ParseIntPipe) revision: number) {
    return this.plans.revision(id, revision);
  }
}
