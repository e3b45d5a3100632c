import type { Role } from '../accounts/account';
import { Principal } from '../authentication/principal';
import { ForbiddenError } from '../identity-errors';

/** Roles that act across every agency of the province. */
const PROVINCE_WIDE_ACTORS: ReadonlySet<Role> = new Set(['admin', 'coordinator']);
/** Roles that see every agency's records (viewer reads all, writes nothing). */
const PROVINCE_WIDE_READERS: ReadonlySet<Role> = new Set(['admin', 'coordinator', 'viewer']);

export function actsForEveryAgency(principal: Principal): boolean {
  return principal.roles.some((role) => PROVINCE_WIDE_ACTORS.has(role));
}

export function seesEveryAgency(principal: Principal): boolean {
  return principal.roles.some((role) => PROVINCE_WIDE_READERS.has(role));
}

export function holdsAgency(principal: Principal, agencyCode: string): boolean {
  const code = agencyCode.trim().toUpperCase();
  return principal.agencyCodes.some((own) => own.toUpperCase() === code);
}

export function forbiddenScope(principal: Principal, agencyCode: string): ForbiddenError {
  const own = principal.agencyCodes.join(', ') || 'none';
  return new ForbiddenError(
    'FORBIDDEN_SCOPE',
    `This account acts for agency ${own}, not ${agencyCode.trim().toUpperCase()}`,
  );
}

/** 403 FORBIDDEN_SCOPE unless the principal acts for every agency or holds this one. */
export function assertAgencyScope(principal: Principal, agencyCode: string): void {
  if (actsForEveryAgency(principal) || holdsAgency(principal, agencyCode)) return;
  throw forbiddenScope(principal, agencyCode);
}
