import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Policy, REPORT_READERS } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { ReportPages } from './report-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/reports')
export class ReportPagesController {
  constructor(
    private readonly reports: ReportPages,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy({ roles: REPORT_READERS })
  async year(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.reports.year(query));
  }
}
