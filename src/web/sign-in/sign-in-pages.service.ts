import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-errors';
import { Authenticator } from '../../identity/authentication/authenticator';
import type { Principal } from '../../identity/authentication/principal';
import {
  clearSessionCookie,
  readCookie,
  setSessionCookie,
} from '../../identity/authentication/session-cookie';
import { RetryLaterError } from '../../identity/identity-errors';
import { randomSecret, sameSecret } from '../../identity/secrets';
import { SignInService } from '../../identity/sign-in/sign-in.service';
import { fieldErrorsOf, FieldErrors } from '../forms/form-errors';
import { PageResult, redirectTo } from '../rendering/page-responder';
import { safeNext } from './safe-next';

/**
 * Before a session exists there is no session CSRF token, so the sign-in form carries a
 * double-submit token of its own (cookie + field): another site cannot sign a browser in
 * to an account of its choosing.
 */
const LOGIN_COOKIE = 'isc_login';

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Vietnamese, beside the password field; the same text for unknown user and wrong password. */
function signInErrors(error: unknown): { errors: FieldErrors; status: number } {
  if (error instanceof RetryLaterError) {
    const wait = minutes(error.retryAfterSeconds);
    const password =
      error.code === 'ACCOUNT_LOCKED'
        ? `Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau ${wait} phút.`
        : `Đã thử đăng nhập quá nhiều lần. Hãy thử lại sau ${wait} phút.`;
    return { errors: { password }, status: error.status };
  }
  if (error instanceof DomainError && error.code === 'INVALID_CREDENTIALS')
    return { errors: { password: 'Tên đăng nhập hoặc mật khẩu không đúng.' }, status: 401 };
  throw error;
}

@Injectable()
export class SignInPages {
  constructor(
    private readonly signInService: SignInService,
    private readonly authenticator: Authenticator,
  ) {}

  async form(req: Request, res: Response, next: unknown): Promise<PageResult> {
    const who = await this.authenticator.authenticate(req).catch(() => null);
    if (who) return redirectTo(who.mustChangePassword ? '/web/password' : safeNext(next));
    return this.loginPage(req, res, { next: safeNext(next) }, {});
  }

  async signIn(req: Request, res: Response, body: Record<string, unknown>): Promise<PageResult> {
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const values = { username, next };
    const given = typeof body._login === 'string' ? body._login : '';
    const expected = readCookie(req, LOGIN_COOKIE);
    if (!expected || !given || !sameSecret(given, expected))
      return this.loginPage(req, res, values, {
        '': 'Trang đăng nhập đã hết hạn. Hãy nhập lại rồi bấm Đăng nhập.',
      });
    const missing: FieldErrors = {};
    if (!username.trim()) missing.username = 'Hãy nhập tên đăng nhập.';
    if (!password) missing.password = 'Hãy nhập mật khẩu.';
    if (Object.keys(missing).length) return this.loginPage(req, res, values, missing, 422);
    try {
      const signedIn = await this.signInService.signIn(
        { username, password },
        { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] },
        this.authenticator.sessionIdOf(req),
      );
      setSessionCookie(res, signedIn.sessionId, this.authenticator.secureCookieFor(req));
      res.clearCookie(LOGIN_COOKIE, { path: '/web/login' });
      return redirectTo(
        signedIn.mustChangePassword ? `/web/password?next=${encodeURIComponent(next)}` : next,
      );
    } catch (error) {
      const { errors, status } = signInErrors(error);
      return this.loginPage(req, res, values, errors, status);
    }
  }

  async signOut(req: Request, res: Response): Promise<PageResult> {
    await this.signInService.signOut(this.authenticator.sessionIdOf(req));
    clearSessionCookie(res, this.authenticator.secureCookieFor(req));
    return redirectTo('/web/login');
  }

  passwordForm(who: Principal, next: unknown): PageResult {
    return {
      template: 'password.njk',
      title: 'Đổi mật khẩu',
      data: { mustChange: who.mustChangePassword, values: {}, errors: {}, next: safeNext(next) },
    };
  }

  async changePassword(
    who: Principal,
    req: Request,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const currentPassword = typeof body.currentPassword === 'string' ? body.currentPassword : '';
    const newPassword = typeof body.newPassword === 'string' ? body.newPassword : '';
    try {
      const keep = who.via === 'session' ? this.authenticator.sessionIdOf(req) : undefined;
      await this.signInService.changePassword(who, { currentPassword, newPassword }, keep);
      const next = safeNext(body.next);
      return redirectTo(next === '/web' ? '/web?done=password' : next);
    } catch (error) {
      const errors = fieldErrorsOf(error, { currentPassword: 'currentPassword' });
      if (errors[''] && /current/i.test(errors[''])) errors.currentPassword = errors[''];
      return {
        template: 'password.njk',
        title: 'Đổi mật khẩu',
        status: 422,
        data: { mustChange: who.mustChangePassword, values: {}, errors, next: safeNext(body.next) },
      };
    }
  }

  private loginPage(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ): PageResult {
    const loginToken = randomSecret();
    res.cookie(LOGIN_COOKIE, loginToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.authenticator.secureCookieFor(req),
      path: '/web/login',
    });
    return {
      template: 'login.njk',
      title: 'Đăng nhập',
      status,
      data: { values, errors, next: values.next ?? '/web', loginToken },
    };
  }
}
