import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Policy } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { HomePage } from './home-page.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web')
export class HomePageController {
  constructor(
    private readonly page: HomePage,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async home(
    @CurrentPrincipal() who: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.page.view(who, query));
  }
}
