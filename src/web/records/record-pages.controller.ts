import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Policy, PublicRoute } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { RecordPages } from './record-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class RecordPagesController {
  constructor(
    private readonly records: RecordPages,
    private readonly respond: PageResponder,
  ) {}

  @Get('web/inspections/:id')
  @Policy()
  async inspection(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.records.inspection(id, who));
  }

  @Get('web/enterprises/:taxCode')
  @Policy()
  async enterprise(@Param('taxCode') taxCode: string, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.records.enterprise(taxCode));
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
