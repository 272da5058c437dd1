import { NotFoundError } from '../../../lib/errors.ts';
import type { Account, User } from '../domain/user.ts';
import type { UserRepository } from '../ports.ts';

/** The caller's own profile (never the password hash). */
export async function getMe({ users }: { users: UserRepository }, userId: string): Promise<User> {
  return (await accountOf(users, userId)).user;
}

export async function accountOf(users: UserRepository, userId: string): Promise<Account> {
  const account = await users.findById(userId);
  if (account === undefined) throw new NotFoundError('There is no such user.');
  return account;
}
