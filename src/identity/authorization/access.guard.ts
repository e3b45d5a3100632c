import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { auditRequestContext } from '../../audit/audit';
import { Authenticator } from '../authentication/authenticator';
import { Principal } from '../authentication/principal';
import { scopesAllow } from '../tokens/access-token';
import { ForbiddenError, NotAuthenticatedError } from '../identity-errors';
import { NotFoundError } from '../../common/errors/domain-errors';
import { actsForEveryAgency, forbiddenScope, holdsAgency, seesEveryAgency } from './agency-scope';
import { AgencyOf, DeclaredPolicy, isPublic, ReadOf, ROUTE_POLICY } from './policy';
import { RecordAgencies } from './record-agencies';

const PRINCIPAL = Symbol('principal');
type GuardedRequest = Request & { [PRINCIPAL]?: Principal };

/**
 * The global guard (APP_GUARD): every route declares @Policy(...) or @PublicRoute(); one
 * that declares neither is refused (and the route enumeration test fails). 401 without a
 * live session or token; 403 CSRF_TOKEN_INVALID, PASSWORD_CHANGE_REQUIRED, FORBIDDEN (role)
 * or FORBIDDEN_SCOPE (another agency's record); 404 for a read of another agency's record
 * (`reads`); all before any handler runs, so a denied write changes nothing.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
    @Optional() private readonly records?: RecordAgencies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<DeclaredPolicy | undefined>(ROUTE_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new ForbiddenError('FORBIDDEN', 'This route declares no access policy'); // fail closed
    if (isPublic(policy)) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticator.authenticate(req);
    if (!principal) throw new NotAuthenticatedError('NOT_AUTHENTICATED', 'Sign in first');
    await this.authenticator.assertCsrf(req);
    if (principal.mustChangePassword && !policy.allowPendingPasswordChange)
      throw new ForbiddenError(
        'PASSWORD_CHANGE_REQUIRED',
        'Change the issued password first (POST /auth/password)',
      );
    if (principal.scopes && !scopesAllow(principal.scopes, req.method))
      throw new ForbiddenError(
        'TOKEN_SCOPE_INSUFFICIENT',
        `This token's scopes (${principal.scopes.join(', ')}) do not allow ${req.method}; it needs write`,
      );
    if (policy.roles && !policy.roles.some((role) => principal.roles.includes(role)))
      throw new ForbiddenError('FORBIDDEN', `This needs the role ${policy.roles.join(' or ')}`);
    if (policy.agency && !actsForEveryAgency(principal))
      await this.assertScope(principal, policy.agency, req);
    if (policy.reads && !seesEveryAgency(principal))
      await this.assertReadable(principal, policy.reads, req);
    req[PRINCIPAL] = principal;
    const audit = auditRequestContext.getStore();
    if (audit) audit.credentialHash = principal.credentialHash;
    return true;
  }

  /** Only agency-scoped accounts get here: one indexed read of the record's agency. */
  private async assertScope(principal: Principal, source: AgencyOf, req: Request) {
    const agencyCode = await this.agencyOf(source, req);
    if (agencyCode !== null && !holdsAgency(principal, agencyCode))
      throw forbiddenScope(principal, agencyCode);
  }

  /** Another agency's record is "not found", as the handler would say of a missing one. */
  private async assertReadable(principal: Principal, source: ReadOf, req: Request) {
    if (!this.records) throw new Error('RecordAgencies is not provided');
    if ('plan' in source) {
      const id = String(req.params[source.plan]);
      const agencyCode = await this.records.ofPlan(id);
      if (agencyCode !== null && !holdsAgency(principal, agencyCode))
        throw new NotFoundError('Plan', id);
      return;
    }
    const id = String(req.params[source.inspection]);
    const involved = await this.records.involvedInInspection(id);
    if (involved !== null && !involved.some((code) => holdsAgency(principal, code)))
      throw new NotFoundError('Inspection', id);
  }

  /** null: nothing to check here (no such record: 404 later; no code: validation answers). */
  private async agencyOf(source: AgencyOf, req: Request): Promise<string | null> {
    if ('body' in source) {
      const body = req.body as Record<string, unknown> | undefined;
      const value = body && typeof body === 'object' ? body[source.body] : undefined;
      return typeof value === 'string' ? value : null;
    }
    if (!this.records) throw new Error('RecordAgencies is not provided');
    if ('plan' in source) return this.records.ofPlan(String(req.params[source.plan]));
    return this.records.ofInspection(String(req.params[source.inspection]));
  }
}

export function principalOfRequest(req: Request): Principal | undefined {
  return (req as GuardedRequest)[PRINCIPAL];
}

/** The principal the guard admitted; only on routes with a @Policy. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = principalOfRequest(ctx.switchToHttp().getRequest<Request>());
    if (!principal) throw new Error('@CurrentPrincipal() used on a route without a @Policy');
    return principal;
  },
);
