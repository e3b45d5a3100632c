import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { NotificationPages } from './notification-pages.service';

/** "Thông báo": the signed-in account's own digests (as /notifications/preferences). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/notifications')
export class NotificationPagesController {
  constructor(
    private readonly pages: NotificationPages,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async view(
    @CurrentPrincipal() who: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.pages.view(who, query));
  }

  /** As PUT /notifications/preferences (a form can only post). */
  @Post()
  @Policy()
  async save(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.pages.save(who, body));
  }
}
