/**
 * What the storefront says when something fails: the problem's own words (its detail and, for bad
 * input, each field's reason), never a stack. A failure that carries no problem gets a plain sentence.
 */
import { ProblemError, type FieldError } from '@shop/client';
import { ConfigError } from './config';

export type ProblemWords = { message: string; fields: readonly FieldError[]; status?: number };

export function problemWords(error: unknown): ProblemWords {
  if (error instanceof ProblemError) {
    if (error.status === 412) {
      return { status: 412, message: 'Someone changed this since you opened it. Reload to see their changes, then make yours again.', fields: [] };
    }
    // The gateway's own refusals carry a bare message ("Unauthorized", "Forbidden"): say what to do.
    if (error.status === 401 && error.type === 'about:blank') return { status: 401, message: 'Your session has ended. Please sign in again.', fields: [] };
    if (error.status === 403) return { status: 403, message: 'Your account may not do this: it needs an admin.', fields: [] };
    const wait = error.retryAfterSeconds === undefined ? '' : ` Try again in ${error.retryAfterSeconds} s.`;
    return { status: error.status, message: `${error.detail}${wait}`, fields: error.errors };
  }
  if (error instanceof ConfigError) return { message: `The storefront is not set up: ${error.message}`, fields: [] };
  // fetch rejects with a TypeError when no answer came (offline, DNS, CORS).
  if (error instanceof TypeError) return { message: 'The shop could not be reached. Check your connection and try again.', fields: [] };
  return { message: 'Something went wrong on this page. Try again, or reload it.', fields: [] };
}
