import { NotFoundError } from '../../../lib/errors.ts';
import { normaliseEmail, promoteUser, type User } from '../domain/user.ts';
import type { Clock, UserRepository } from '../ports.ts';

export type PromoteToAdminDeps = { users: UserRepository; clock: Clock };

/**
 * Makes the user with this email an admin (for the operator's script; there is no HTTP way to it).
 * Promoting an admin changes nothing. The role shows in access tokens from the user's next login or refresh.
 */
export async function promoteToAdmin({ users, clock }: PromoteToAdminDeps, email: string): Promise<User> {
  const account = await users.findByEmail(normaliseEmail(email));
  if (account === undefined) throw new NotFoundError(`There is no user with the email ${normaliseEmail(email)}.`);
  const now = clock.now();
  const promoted = promoteUser(account.user, now);
  if (promoted !== account.user) await users.setRole(promoted.id, promoted.role, now);
  return promoted;
}
