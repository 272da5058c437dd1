import { assertAcceptablePassword } from '../domain/password-policy.ts';
import { newUser, normaliseEmail, type User } from '../domain/user.ts';
import type { Clock, IdGenerator, PasswordHasher, UserRepository } from '../ports.ts';

export type RegisterUserDeps = { users: UserRepository; passwords: PasswordHasher; clock: Clock; ids: IdGenerator };
export type Registration = { email: string; password: string; name: string };

/** A new customer account (never an admin); ConflictError when the email is taken, in any case. */
export async function registerUser(
  { users, passwords, clock, ids }: RegisterUserDeps,
  { email, password, name }: Registration,
): Promise<User> {
  const user = newUser({ email: normaliseEmail(email), name }, ids.next(), clock.now());
  assertAcceptablePassword(password, user.email);
  await users.add({ user, passwordHash: await passwords.hash(password) });
  return user;
}
