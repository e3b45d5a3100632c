import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { COORDINATION, Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { MeetingPages } from './meeting-pages.service';

type Fields = Record<string, unknown>;

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/meetings')
export class MeetingPagesController {
  constructor(
    private readonly meetings: MeetingPages,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async list(
    @CurrentPrincipal() who: Principal,
    @Query() query: Fields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.meetings.list(who, query));
  }

  @Post()
  @Policy({ roles: COORDINATION })
  async create(
    @CurrentPrincipal() who: Principal,
    @Body() body: Fields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.meetings.create(who, body));
  }

  @Get(':id')
  @Policy()
  async room(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Query() query: Fields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.meetings.room(id, who, query));
  }

  @Post(':id/decisions')
  @Policy({ roles: COORDINATION })
  async decide(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Fields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.meetings.decide(id, who, body));
  }

  @Post(':id/status')
  @Policy({ roles: COORDINATION })
  async status(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Fields,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.meetings.setStatus(id, who, body));
  }
}
