// Domain errors: thrown by services, mapped to HTTP in exactly one place (ApiExceptionFilter).
// `code` is the stable, machine-readable part of the API; `message` is for people.

export interface ErrorDetail {
  field: string;
  code: string;
  message: string;
  /** File imports: the spreadsheet row and the column header as the user sees them. */
  row?: number;
  column?: string;
  /** The same message in Vietnamese, where one exists. */
  messageVi?: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request itself is malformed or names impossible values. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
}

/** 404: the addressed resource does not exist (or must not be revealed). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(resource: string, id: string, code = `${toCode(resource)}_NOT_FOUND`) {
    super(code, `${resource} ${id} not found`);
  }
}

/** 409: the request collides with the current state (duplicate key, stale revision). */
export class StateConflictError extends DomainError {
  readonly status = 409;
}

/** 422: well-formed, but a business rule forbids it (wrong plan status, missing evidence...). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
}

function toCode(resource: string): string {
  return resource
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toUpperCase();
}
