import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  TooManyRequestsError,
  TransientError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
  type FieldError,
} from '../errors.ts';
import { isThrottlingError, isTransientError } from '@smithy/service-error-classification';

/** An RFC 9457 problem details body. */
type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: readonly FieldError[];
};

/** Errors that belong to HTTP itself rather than to any domain. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

type ProblemKind = { status: number; slug: string; title: string; headers?: (error: never) => Record<string, string> };

/** A problem and the headers that go with it (Retry-After, WWW-Authenticate). */
export type ProblemResponse = { problem: Problem; headers: Record<string, string> };

// The one table from error kind to HTTP status.
const KINDS: ReadonlyArray<[new (...args: never[]) => Error, ProblemKind]> = [
  [ValidationError, { status: 400, slug: 'validation-error', title: 'The request is not valid' }],
  [
    UnauthorizedError,
    { status: 401, slug: 'unauthorized', title: 'Unauthorized', headers: () => ({ 'www-authenticate': 'Bearer' }) },
  ],
  [NotFoundError, { status: 404, slug: 'not-found', title: 'Not found' }],
  [ConflictError, { status: 409, slug: 'conflict', title: 'Conflict' }],
  [PreconditionFailedError, { status: 412, slug: 'precondition-failed', title: 'Precondition failed' }],
  [PayloadTooLargeError, { status: 413, slug: 'payload-too-large', title: 'Payload too large' }],
  [UnprocessableError, { status: 422, slug: 'unprocessable', title: 'The request cannot be carried out' }],
  [PreconditionRequiredError, { status: 428, slug: 'precondition-required', title: 'Precondition required' }],
  [
    TooManyRequestsError,
    {
      status: 429,
      slug: 'too-many-requests',
      title: 'Too many requests',
      headers: (error: TooManyRequestsError) => ({ 'retry-after': String(error.retryAfterSeconds) }),
    },
  ],
  [
    TransientError,
    {
      status: 503,
      slug: 'unavailable',
      title: 'Service unavailable',
      headers: (error: TransientError) => ({ 'retry-after': String(error.retryAfterSeconds) }),
    },
  ],
];

type SdkError = Parameters<typeof isTransientError>[0];

/** How long a client should wait after an AWS call failed for the moment. */
const AWS_RETRY_AFTER_SECONDS = 1;

const problemType = (slug: string): string => `urn:shop:problem:${slug}`;

// Middy's JSON body parser says 415 for a body that is not JSON and 422 for JSON it cannot parse;
// broken syntax is a 400 here, as RFC 9110 has it.
const MIDDY_STATUSES: Record<number, ProblemKind & { detail: string }> = {
  415: {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  422: { status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The body is not valid JSON.' },
};

/** Middy's own HTTP errors carry a status and may be shown. */
function isExposedHttpError(error: unknown): error is Error & { statusCode: number } {
  const candidate = error as { statusCode?: unknown; expose?: unknown };
  return (
    error instanceof Error &&
    typeof candidate.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    candidate.expose === true
  );
}

/** Turns any error into a problem. Anything not known is a 500 whose body reveals nothing. */
export function toProblem(error: unknown): ProblemResponse {
  for (const [kind, { status, slug, title, headers }] of KINDS) {
    if (error instanceof kind) {
      const problem: Problem = { type: problemType(slug), title, status, detail: error.message };
      return {
        problem: error instanceof ValidationError || error instanceof UnprocessableError ? { ...problem, errors: error.fieldErrors } : problem,
        headers: headers?.(error as never) ?? {},
      };
    }
  }
  if (isExposedHttpError(error)) {
    const known = MIDDY_STATUSES[error.statusCode];
    const problem =
      known === undefined
        ? { type: problemType('bad-request'), title: error.message, status: error.statusCode, detail: error.message }
        : { type: problemType(known.slug), title: known.title, status: known.status, detail: known.detail };
    return { problem, headers: {} };
  }
  if (isTransientError(error as SdkError) || isThrottlingError(error as SdkError)) {
    // An AWS call that failed for the moment (throttled, the service's 5xx, no connection) after the SDK's own retries.
    const problem = { type: problemType('unavailable'), title: 'Service unavailable', status: 503, detail: 'A service the shop depends on did not answer; try again shortly.' };
    return { problem, headers: { 'retry-after': String(AWS_RETRY_AFTER_SECONDS) } };
  }
  const problem = {
    type: problemType('internal-error'),
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. Quote the X-Correlation-Id of this response when reporting it.',
  };
  return { problem, headers: {} };
}
