import { normalizeUsername, OidcLink, Role, ROLES } from '../accounts/account';

/** How the identity provider's claims name a local account and its roles (OIDC_* settings). */
export interface ClaimMapping {
  usernameClaim: string;
  emailClaim: string;
  rolesClaim?: string;
  /** Provider role → local role; a value that already is a local role maps to itself. */
  roleMap?: Record<string, string>;
  agencyClaim?: string;
}

/** What a sign-in through the provider says about the person, in local terms. */
export interface ProviderIdentity {
  link: OidcLink;
  username?: string;
  displayName?: string;
  email?: string;
  emailVerified: boolean;
  roles: Role[];
  agencyCodes: string[];
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/** A claim as a list of strings: a JSON array, or one string split at spaces and commas. */
function values(claim: unknown): string[] {
  const raw = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return raw
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
}

function text(claim: unknown): string | undefined {
  return typeof claim === 'string' && claim.trim() !== ''
    ? claim.normalize('NFC').trim()
    : undefined;
}

/**
 * The claims (ID token merged with UserInfo) in local terms. Unknown provider roles are
 * dropped, not guessed; a username that the local rules would refuse is treated as absent.
 */
export function mapClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): ProviderIdentity {
  const username = text(claims[mapping.usernameClaim]);
  const normalized = username && normalizeUsername(username);
  const granted = new Set<string>();
  if (mapping.rolesClaim)
    for (const value of values(claims[mapping.rolesClaim])) {
      const role = mapping.roleMap?.[value] ?? value;
      if ((ROLES as readonly string[]).includes(role)) granted.add(role);
    }
  const agencyCodes = mapping.agencyClaim
    ? [...new Set(values(claims[mapping.agencyClaim]).map((code) => code.toUpperCase()))]
    : [];
  const email = text(claims[mapping.emailClaim]);
  return {
    link: { issuer: String(claims.iss), subject: String(claims.sub) },
    ...(normalized && USERNAME.test(normalized) && { username: normalized }),
    ...(text(claims.name) && { displayName: text(claims.name) }),
    ...(email && { email }),
    emailVerified: claims.email_verified === true,
    roles: ROLES.filter((role) => granted.has(role)),
    agencyCodes,
  };
}
