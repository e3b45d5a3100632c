import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { AGENCY_PLANNING, Policy, PublicRoute } from '../../identity/authorization/policy';
import { OWN } from '../../lifecycle/lifecycle.controller';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { InspectionFormPage } from './inspection-form-page.service';
import { RecordPages } from './record-pages.service';

type Body_ = Record<string, unknown>;

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class RecordPagesController {
  constructor(
    private readonly records: RecordPages,
    private readonly forms: InspectionFormPage,
    private readonly respond: PageResponder,
  ) {}

  // The API's read rule: an officer or approver sees only its agencies' inspections.
  @Get('web/inspections/:id')
  @Policy({ reads: { inspection: 'id' } })
  async inspection(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.records.inspection(id, who, done));
  }

  /** As POST /inspections/:id/lifecycle/…: one step of the inspection's life, from its page. */
  @Post('web/inspections/:id/steps/:step')
  @Policy(OWN)
  async recordStep(
    @Param('id') id: string,
    @Param('step') step: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.records.recordStep(id, step, body, who));
  }

  @Get('web/plans/:id/inspections/new')
  @Policy({ roles: AGENCY_PLANNING, agency: { plan: 'id' } })
  async newInspection(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.forms.createForm(id));
  }

  /** As POST /plans/:id/inspections. */
  @Post('web/plans/:id/inspections')
  @Policy({ roles: AGENCY_PLANNING, agency: { plan: 'id' } })
  async createInspection(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.forms.create(id, body, who));
  }

  @Get('web/inspections/:id/edit')
  @Policy({ roles: AGENCY_PLANNING, agency: { inspection: 'id' } })
  async editInspection(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.forms.editForm(id));
  }

  /** As PATCH /inspections/:id (a form can only post). */
  @Post('web/inspections/:id')
  @Policy({ roles: AGENCY_PLANNING, agency: { inspection: 'id' } })
  async updateInspection(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.forms.update(id, body, who));
  }

  @Get('web/enterprises/:taxCode')
  @Policy()
  async enterprise(
    @Param('taxCode') taxCode: string,
    @CurrentPrincipal() who: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.records.enterprise(taxCode, who));
  }

  /** Only what the enterprise's public calendar shows, and only once it made it public. */
  @Get('public/enterprises/:taxCode')
  @PublicRoute()
  async publicEnterprise(
    @Param('taxCode') taxCode: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.records.publicEnterprise(taxCode));
  }
}
