import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { Policy, PublicRoute } from '../../identity/authorization/policy';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { SignInPages } from './sign-in-pages.service';

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class SignInPagesController {
  constructor(
    private readonly pages: SignInPages,
    private readonly respond: PageResponder,
  ) {}

  /** The service's front door: the pages. */
  @Get()
  @PublicRoute()
  root(@Res() res: Response) {
    res.redirect(302, '/web');
  }

  @Get('web/login')
  @PublicRoute()
  async loginForm(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.pages.form(req, res, next));
  }

  @Post('web/login')
  @PublicRoute()
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.pages.signIn(req, res, body));
  }

  @Post('web/logout')
  @Policy({ allowPendingPasswordChange: true })
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.pages.signOut(req, res));
  }

  @Get('web/password')
  @Policy({ allowPendingPasswordChange: true })
  async passwordForm(
    @CurrentPrincipal() who: Principal,
    @Query('next') next: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, this.pages.passwordForm(who, next));
  }

  @Post('web/password')
  @Policy({ allowPendingPasswordChange: true })
  async changePassword(
    @CurrentPrincipal() who: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.pages.changePassword(who, req, body));
  }
}
