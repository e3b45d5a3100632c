import { DomainError } from '../common/errors/domain-errors';

/** 401: no valid session or token came with the request. */
export class NotAuthenticatedError extends DomainError {
  readonly status = 401;
}

/** 403: signed in, but this account may not do this (role, scope, pending password change). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** An error that tells the client when to come back (sent as Retry-After). */
export abstract class RetryLaterError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

/** 423: the account refuses sign-in for a while after repeated wrong passwords. */
export class AccountLockedError extends RetryLaterError {
  readonly status = 423;
}

/** 429: too many attempts from this client for this username in the current window. */
export class RateLimitedError extends RetryLaterError {
  readonly status = 429;
}

/** 503: a service sign-in depends on (the identity provider) cannot be reached now. */
export class DependencyUnavailableError extends DomainError {
  readonly status = 503;
}

/** 404: a feature this deployment has not turned on (its routes exist, its settings do not). */
export class NotConfiguredError extends DomainError {
  readonly status = 404;
}
