import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountRepository, toAccountView } from '../accounts/account';
import { Authenticator } from '../authentication/authenticator';
import { Principal } from '../authentication/principal';
import { clearSessionCookie, setSessionCookie } from '../authentication/session-cookie';
import { CurrentPrincipal } from '../authorization/access.guard';
import { Policy, PublicRoute } from '../authorization/policy';
import { ChangePasswordDto, SignInDto } from '../identity.dto';
import { NotAuthenticatedError } from '../identity-errors';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly authenticator: Authenticator,
    private readonly accounts: AccountRepository,
  ) {}

  /** Sets the session cookie; answers the account, the CSRF token, mustChangePassword. */
  @Post('login')
  @HttpCode(200)
  @PublicRoute()
  async login(
    @Body() body: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { sessionId, ...answer } = await this.signIn.signIn(
      body,
      { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] },
      this.authenticator.sessionIdOf(req),
    );
    setSessionCookie(res, sessionId, this.authenticator.secureCookieFor(req));
    res.setHeader('Cache-Control', 'no-store');
    return answer;
  }

  @Post('logout')
  @HttpCode(204)
  @Policy({ allowPendingPasswordChange: true })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.signIn.signOut(this.authenticator.sessionIdOf(req));
    clearSessionCookie(res, this.authenticator.secureCookieFor(req));
  }

  @Get('me')
  @Policy({ allowPendingPasswordChange: true })
  async me(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw new NotAuthenticatedError('NOT_AUTHENTICATED', 'Sign in first');
    const csrfToken = await this.authenticator.csrfTokenOf(req);
    res.setHeader('Cache-Control', 'no-store');
    return {
      account: toAccountView(account),
      via: principal.via,
      ...(principal.scopes && { scopes: principal.scopes }),
      mustChangePassword: account.mustChangePassword,
      ...(csrfToken !== undefined && { csrfToken }),
    };
  }

  /** Ends the account's other sessions; this one stays signed in. */
  @Post('password')
  @HttpCode(200)
  @Policy({ allowPendingPasswordChange: true })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() req: Request,
  ) {
    const keep = principal.via === 'session' ? this.authenticator.sessionIdOf(req) : undefined;
    return { account: await this.signIn.changePassword(principal, body, keep) };
  }
}
