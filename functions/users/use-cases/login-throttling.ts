import { TooManyRequestsError } from '../../../lib/errors.ts';
import { addressBucket, policyFor, refusedUntil, secondsUntil, throttleKeys, type LoginSource } from '../domain/login-throttle.ts';
import type { LoginAttempts } from '../ports.ts';

/** The source a login is throttled as: its address by the bucket failures are counted under. */
export const loginSource = (email: string, address: string): LoginSource => ({ email, address: addressBucket(address) });

/**
 * Refuses a login (TooManyRequestsError with the seconds to wait) while the client or its address has
 * a full window, before the password is checked; applies alike to emails with and without an account.
 */
export async function assertNotThrottled(attempts: LoginAttempts, source: LoginSource, now: Date): Promise<void> {
  const ends = await Promise.all(
    throttleKeys(source).map(async (key) => refusedUntil(await attempts.failuresOf(key), policyFor(key), now)),
  );
  const until = ends.filter((end) => end !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  if (until !== undefined) throw new TooManyRequestsError('Too many failed logins; try again later.', secondsUntil(until, now));
}

/** Counts a wrong password against the client and its address. */
export async function countFailure(attempts: LoginAttempts, source: LoginSource, now: Date): Promise<void> {
  await Promise.all(throttleKeys(source).map((key) => attempts.countFailure(key, now, policyFor(key))));
}

/**
 * Forgets the client's failures after a right password. Its address's stay: one account of one's own
 * must not wipe the count of guesses at everybody else's.
 */
export async function forgetClientFailures(attempts: LoginAttempts, { email, address }: LoginSource): Promise<void> {
  await attempts.forget({ email, address });
}
