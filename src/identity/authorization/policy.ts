import { SetMetadata } from '@nestjs/common';
import type { Role } from '../accounts/account';

/** Where the agency a route acts on is found, so agency-scoped accounts can be held to it. */
export type AgencyOf =
  | { plan: string } // the route parameter holding a plan id
  | { inspection: string } // the route parameter holding an inspection id
  | { body: string }; // the JSON body field holding an agency code

/** The record a read route shows, so agency-scoped readers see only their agencies' ones. */
export type ReadOf =
  | { plan: string } // the route parameter holding a plan id: the plan's agency
  | { inspection: string }; // …an inspection id: its registering, lead or participant agency

export interface RoutePolicy {
  /** Any one of these roles suffices; absent: any signed-in account. */
  roles?: readonly Role[];
  /** Open while the account still has to replace an issued password (me, password, logout). */
  allowPendingPasswordChange?: boolean;
  /** An officer or approver may act only on records of its own agencies (403 FORBIDDEN_SCOPE). */
  agency?: AgencyOf;
  /** An officer or approver reads only records of its own agencies: others answer 404. */
  reads?: ReadOf;
}

export const ROUTE_POLICY = 'identity:route-policy';
/** What @PublicRoute() declares: no sign-in needed. */
export const PUBLIC_POLICY = { public: true } as const;
export type DeclaredPolicy = RoutePolicy | typeof PUBLIC_POLICY;

/** The route needs a signed-in account, with one of `policy.roles` if given. */
export const Policy = (policy: RoutePolicy = {}) => SetMetadata(ROUTE_POLICY, policy);

/** The route is open to anyone (health, public feeds, sign-in). */
export const PublicRoute = () => SetMetadata(ROUTE_POLICY, PUBLIC_POLICY);

export function isPublic(policy: DeclaredPolicy): policy is typeof PUBLIC_POLICY {
  return 'public' in policy && policy.public === true;
}

// The role sets routes declare, so the policy table reads the same everywhere.
export const ADMIN: readonly Role[] = ['admin'];
/** The provincial inspectorate's work: conflicts, meetings, decisions, rescans, exemptions. */
export const COORDINATION: readonly Role[] = ['admin', 'coordinator'];
/** An agency's own plans, inspections and imports (held to its agencies). */
export const AGENCY_PLANNING: readonly Role[] = ['admin', 'officer'];
/** Submitting, approving, returning, withdrawing, revising an agency's plans. */
export const AGENCY_APPROVAL: readonly Role[] = ['admin', 'approver'];
/** Dry runs: whoever plans or coordinates. */
export const PLANNERS: readonly Role[] = ['admin', 'coordinator', 'officer', 'approver'];
/** Province-wide figures and the audit trail's readers. */
export const REPORT_READERS: readonly Role[] = ['admin', 'coordinator', 'viewer'];
export const AUDIT_READERS: readonly Role[] = ['admin', 'coordinator'];
