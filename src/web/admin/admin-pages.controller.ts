import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
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

  @Get('accounts/:id')
  @Policy({ roles: ADMIN })
  async account(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.accountPage(id, query));
  }

  @Post('accounts/:id')
  @Policy({ roles: ADMIN })
  async updateAccount(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.updateAccount(who, id, body));
  }

  @Post('accounts/:id/password')
  @Policy({ roles: ADMIN })
  async resetPassword(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.resetPassword(who, id, body));
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

  @Get('agencies/:code')
  @Policy({ roles: ADMIN })
  async agency(
    @Param('code') code: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.agencyPage(code, query));
  }

  @Post('agencies/:code')
  @Policy({ roles: ADMIN })
  async updateAgency(
    @CurrentPrincipal() who: Principal,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.updateAgency(who, code, body));
  }

  @Get('fields')
  @Policy({ roles: ADMIN })
  async fields(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.admin.fieldsPage(query));
  }

  @Post('fields')
  @Policy({ roles: ADMIN })
  async createField(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.createField(who, body));
  }

  @Get('fields/:code')
  @Policy({ roles: ADMIN })
  async field(
    @Param('code') code: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.fieldPage(code, query));
  }

  @Post('fields/:code')
  @Policy({ roles: ADMIN })
  async updateField(
    @CurrentPrincipal() who: Principal,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.admin.updateField(who, code, body));
  }
}
