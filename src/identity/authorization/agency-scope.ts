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

/**
 * The agencies whose records this principal may read; undefined: every agency (admin,
 * coordinator, viewer). Read services filter with it; a record outside answers 404.
 */
export function readableAgencies(principal: Principal): string[] | undefined {
  return seesEveryAgency(principal)
    ? undefined
    : principal.agencyCodes.map((code) => code.trim().toUpperCase());
}

/** A record touching these agencies is readable by `within` (undefined: by everyone). */
export function touchesAny(agencyCodes: readonly string[], within: string[] | undefined): boolean {
  if (!within) return true;
  return agencyCodes.some((code) => within.includes(code.trim().toUpperCase()));
}
