/**
 * Errors that carry meaning. Use cases and adapters throw these; lib/http/problem.ts maps each kind
 * to an HTTP status once, and a queue consumer lets any of them fail the record.
 */
abstract class DomainError extends Error {
  // Stated, not taken from the constructor: bundles are minified without keeping names.
  abstract override readonly name: string;
}

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the current state, e.g. a unique value already taken. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
}

/** An `If-Match` precondition did not hold: somebody changed the resource since the caller read it. */
export class PreconditionFailedError extends DomainError {
  override readonly name = 'PreconditionFailedError';
}

/** A write that needs a precondition (`If-Match`) came without one. */
export class PreconditionRequiredError extends DomainError {
  override readonly name = 'PreconditionRequiredError';
}

export type FieldError = { field: string; reason: string };

/** Input that breaks a rule; names each offending field and why. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly fieldErrors: readonly FieldError[];

  constructor(fieldErrors: readonly FieldError[]) {
    super(fieldErrors.map((error) => `${error.field}: ${error.reason}`).join('; '));
    this.fieldErrors = fieldErrors;
  }
}

/**
 * Well-formed input that cannot be acted on as it stands (a product that does not exist, a key used for
 * another request); names each offending field and why, as ValidationError does.
 */
export class UnprocessableError extends DomainError {
  override readonly name = 'UnprocessableError';
  readonly fieldErrors: readonly FieldError[];

  constructor(fieldErrors: readonly FieldError[]) {
    super(fieldErrors.map((error) => `${error.field}: ${error.reason}`).join('; '));
    this.fieldErrors = fieldErrors;
  }
}

/**
 * A store, queue or service said "not now" (throttling, a transaction conflict, too much work waiting);
 * trying again later may succeed, after `retryAfterSeconds` when it can tell.
 */
export class TransientError extends DomainError {
  override readonly name: string = 'TransientError';
  readonly retryAfterSeconds: number;

  constructor(message: string, options: ErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }
}

/** The caller could not be identified: wrong credentials, or a token that is missing, bad, expired or revoked. */
export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
}

/** The caller tried too often; trying again after `retryAfterSeconds` may succeed. */
export class TooManyRequestsError extends DomainError {
  override readonly name = 'TooManyRequestsError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
