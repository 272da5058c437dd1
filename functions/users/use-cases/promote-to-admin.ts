import { NotFoundError } from '../../../lib/errors.ts';
import { emailAddress, promoteUser, type User } from '../domain/user.ts';
import type { Clock, UserRepository } from '../ports.ts';

export type PromoteToAdminDeps = { users: UserRepository; clock: Clock };

/**
 * Makes the user with this email an admin (for the operator's script; there is no HTTP way to it).
 * Promoting an admin changes nothing. The role shows in access tokens from the user's next login or refresh.
 * The email is normalised as at registration and found exactly: ValidationError for one no account can
 * have, so a look-alike (an invisible character, markup) never reaches an account.
 */
export async function promoteToAdmin({ users, clock }: PromoteToAdminDeps, email: string): Promise<User> {
  const address = emailAddress(email);
  const account = await users.findByEmail(address);
  if (account === undefined) throw new NotFoundError(`There is no user with the email ${address}.`);
  const now = clock.now();
  const promoted = promoteUser(account.user, now);
  if (promoted !== account.user) await users.setRole(promoted.id, promoted.role, now);
  return promoted;
}
