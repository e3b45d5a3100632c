import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { ADMIN, Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { AdminPages } from './admin-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/admin')
export class AdminPagesController {
  constructor(
    private readonly admin: AdminPages,
    private readonly respond: PageResponder,
  ) {}

  @Get('accounts')
  @Policy({ roles: ADMIN })
  async accounts(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.accountsPage(query));
  }

  @Post('accounts')
  @Policy({ roles: ADMIN })
  async create(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.createAccount(who, body));
  }

  @Get('agencies')
  @Policy({ roles: ADMIN })
  async agencies(@Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.admin.agenciesPage());
  }

  @Post('agencies')
  @Policy({ roles: ADMIN })
  async createAgency(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.createAgency(who, body));
  }
}
