import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticator } from '../authentication/authenticator';
import { readCookie, setSessionCookie } from '../authentication/session-cookie';
import { PublicRoute } from '../authorization/policy';
import { OidcSignInService } from './oidc-sign-in.service';

/** Binds a sign-in flow to the browser that started it; lives only until the callback. */
export const OIDC_FLOW_COOKIE = 'isc_oidc';
/** Where a browser lands once signed in: the pages. */
export const SIGNED_IN_LOCATION = '/web';

// Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
const flowCookie = (secure: boolean) =>
  ({ httpOnly: true, sameSite: 'lax', secure, path: '/auth/oidc' }) as const;

/** OpenID Connect sign-in (off unless OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET). */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    private readonly authenticator: Authenticator,
  ) {}

  @Get('login')
  @PublicRoute()
  @ApiOperation({
    summary:
      "302 to the province's identity provider (authorization code + PKCE); 404 OIDC_NOT_CONFIGURED when off",
  })
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { location, binding } = await this.oidc.begin();
    res.cookie(OIDC_FLOW_COOKIE, binding, flowCookie(this.authenticator.secureCookieFor(req)));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, location);
  }

  @Get('callback')
  @PublicRoute()
  @ApiOperation({
    summary:
      'Where the identity provider sends the browser back: starts the session (as POST /auth/login does) and 302 to /web. 400 OIDC_STATE_INVALID, 401 OIDC_SIGN_IN_FAILED, 403 OIDC_NO_ACCOUNT / OIDC_ACCOUNT_CONFLICT / ACCOUNT_DISABLED',
  })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const secure = this.authenticator.secureCookieFor(req);
    res.setHeader('Cache-Control', 'no-store');
    const { sessionId } = await this.oidc.complete(
      new URL(req.originalUrl, 'http://callback').searchParams,
      readCookie(req, OIDC_FLOW_COOKIE),
      { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] },
      this.authenticator.sessionIdOf(req),
    );
    // Kept on a refusal: a forged callback (wrong state) must not break the real one.
    res.clearCookie(OIDC_FLOW_COOKIE, flowCookie(secure));
    setSessionCookie(res, sessionId, secure);
    res.redirect(302, SIGNED_IN_LOCATION);
  }
}
