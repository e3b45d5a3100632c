import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../accounts/account';
import { ForbiddenError, NotAuthenticatedError } from '../identity-errors';
import { Authenticator } from './authenticator';
import { Principal } from './principal';

export interface SignedInPolicy {
  /** Any one of these roles suffices; absent: any signed-in account. */
  roles?: Role[];
  /** Open while the account still has to replace an issued password (me, password, logout). */
  allowPendingPasswordChange?: boolean;
}

export const SIGNED_IN_POLICY = 'identity:signed-in';
const PRINCIPAL = Symbol('principal');

/**
 * 401 without a live session or token, 403 CSRF_TOKEN_INVALID / PASSWORD_CHANGE_REQUIRED /
 * FORBIDDEN otherwise refused; on success the principal is on the request. The future global
 * guard does the same with each route's declared policy.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy =
      this.reflector.getAllAndOverride<SignedInPolicy | undefined>(SIGNED_IN_POLICY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    const req = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>();
    const principal = await this.authenticator.authenticate(req);
    if (!principal) throw new NotAuthenticatedError('NOT_AUTHENTICATED', 'Sign in first');
    await this.authenticator.assertCsrf(req);
    if (principal.mustChangePassword && !policy.allowPendingPasswordChange)
      throw new ForbiddenError(
        'PASSWORD_CHANGE_REQUIRED',
        'Change the issued password first (POST /auth/password)',
      );
    if (policy.roles && !policy.roles.some((role) => principal.roles.includes(role)))
      throw new ForbiddenError('FORBIDDEN', `This needs the role ${policy.roles.join(' or ')}`);
    req[PRINCIPAL] = principal;
    return true;
  }
}

/** The route needs a signed-in account (with one of `policy.roles`, if given). */
export function SignedIn(policy: SignedInPolicy = {}) {
  return applyDecorators(SetMetadata(SIGNED_IN_POLICY, policy), UseGuards(SignedInGuard));
}

/** The principal the guard admitted; only on routes behind it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<{ [PRINCIPAL]?: Principal }>()[PRINCIPAL];
    if (!principal) throw new Error('@CurrentPrincipal() used on a route without a guard');
    return principal;
  },
);
