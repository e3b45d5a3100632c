import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { COORDINATION, Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { FeedPages } from './feed-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/feeds')
export class FeedPagesController {
  constructor(
    private readonly feeds: FeedPages,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async index(
    @CurrentPrincipal() who: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.feeds.index(who, query));
  }

  @Post()
  @Policy()
  async create(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.feeds.create(who, body));
  }

  @Post(':id/revoke')
  @Policy({ roles: COORDINATION })
  async revoke(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.feeds.revoke(id, who));
  }
}
