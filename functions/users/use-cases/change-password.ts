import { ValidationError } from '../../../lib/errors.ts';
import { assertAcceptablePassword } from '../domain/password-policy.ts';
import type { Clock, LoginAttempts, PasswordHasher, SessionStore, UserRepository } from '../ports.ts';
import { assertNotThrottled, countFailure, forgetClientFailures, loginSource } from './login-throttling.ts';
import { accountOf } from './get-me.ts';

export type ChangePasswordDeps = {
  users: UserRepository;
  passwords: PasswordHasher;
  attempts: LoginAttempts;
  sessions: SessionStore;
  clock: Clock;
};
/** `address`: where the request came from, as for a login. */
export type PasswordChange = { userId: string; currentPassword: string; newPassword: string; sessionId: string; address: string };

/**
 * Sets a new password for a caller who proves the current one, then revokes every other session of
 * theirs (a thief's included) and keeps the caller's. Wrong guesses at the current password count
 * as failed logins of the caller's email from this address, so a stolen access token is no way around
 * the limit. Access tokens
 * of the other sessions stay valid until they expire (at most 15 minutes).
 */
export async function changePassword(
  { users, passwords, attempts, sessions, clock }: ChangePasswordDeps,
  { userId, currentPassword, newPassword, sessionId, address }: PasswordChange,
): Promise<void> {
  const now = clock.now();
  const { user, passwordHash } = await accountOf(users, userId);
  assertAcceptablePassword(newPassword, user.email, 'newPassword');
  if (newPassword === currentPassword) {
    throw new ValidationError([{ field: 'newPassword', reason: 'must differ from the current password' }]);
  }

  const source = loginSource(user.email, address);
  await assertNotThrottled(attempts, source, now);
  if (!(await passwords.verify(currentPassword, passwordHash))) {
    await countFailure(attempts, source, now);
    throw new ValidationError([{ field: 'currentPassword', reason: 'is not your current password' }]);
  }
  await forgetClientFailures(attempts, source);

  // The new hash goes first: once it is stored, no new session can start with the old password.
  await users.setPasswordHash(userId, await passwords.hash(newPassword), now);
  await sessions.revokeOthers(userId, sessionId, now);
}
