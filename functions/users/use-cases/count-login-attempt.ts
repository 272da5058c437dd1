import { TooManyRequestsError } from '../../../lib/errors.ts';
import { LOGIN_THROTTLE, secondsUntil } from '../domain/login-throttle.ts';
import type { LoginAttempts } from '../ports.ts';

/**
 * Counts an attempt to prove the password of `email` before it is checked, or refuses it once the
 * email's window is full (TooManyRequestsError with the seconds left). The caller clears the count
 * when the password was right. Applies alike to emails with and without an account.
 */
export async function countLoginAttempt(attempts: LoginAttempts, email: string, now: Date): Promise<void> {
  const claim = await attempts.claim(email, now, LOGIN_THROTTLE);
  if (claim.outcome === 'REFUSED') {
    throw new TooManyRequestsError('Too many failed logins for this email; try again later.', secondsUntil(claim.windowEndsAt, now));
  }
}
