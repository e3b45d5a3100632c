import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { COORDINATION, Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { ConflictPages } from './conflict-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/conflicts')
export class ConflictPagesController {
  constructor(
    private readonly conflicts: ConflictPages,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async board(
    @CurrentPrincipal() who: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.conflicts.board(who, query));
  }

  @Get(':id')
  @Policy()
  async detail(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.conflicts.detail(id, who, query));
  }

  @Post(':id/resolve')
  @Policy({ roles: COORDINATION })
  async resolve(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.conflicts.resolve(id, body, who));
  }
}
