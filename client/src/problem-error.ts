import type { GatewayError, Problem } from './generated/types.gen';

export type FieldError = { field: string; reason: string };

/**
 * An answer that is not a success, as an error: the API's problem+json (RFC 9457) with its `status`,
 * `type` and, for bad input, the field errors. The gateway's own refusals (a missing or bad token: 401,
 * a role that may not: 403) carry only a message; their `type` is `about:blank`, as RFC 9457 has it.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** Which fields were wrong and why (400 and 422); empty otherwise. */
  readonly errors: readonly FieldError[];
  /** Seconds to wait before trying again, when the answer said (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Partial<Problem> & Partial<GatewayError>, retryAfterSeconds?: number) {
    const detail = problem.detail ?? problem.message ?? `The API answered ${status}.`;
    super(`${status} ${detail}`);
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? problem.message ?? `HTTP ${status}`;
    this.detail = detail;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The reason given for one field, if it was named. */
  reasonFor(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.reason;
  }
}

/** The error an answer that is not a success stands for. */
export function problemOf(response: Response, body: unknown): ProblemError {
  const retryAfter = response.headers.get('retry-after');
  const parsed = typeof body === 'object' && body !== null ? (body as Partial<Problem> & Partial<GatewayError>) : {};
  return new ProblemError(response.status, parsed, retryAfter === null || !/^\d+$/.test(retryAfter) ? undefined : Number(retryAfter));
}
