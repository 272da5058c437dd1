import { userName, type User } from '../domain/user.ts';
import { changePassword, type ChangePasswordDeps } from './change-password.ts';
import { accountOf } from './get-me.ts';

export type UpdateMeDeps = ChangePasswordDeps;
export type MeChanges = {
  userId: string;
  /** The caller's session: a password change keeps it and ends the others. */
  sessionId: string;
  /** Where the request came from: wrong current passwords count as failed logins from it. */
  address: string;
  name?: string;
  currentPassword?: string;
  newPassword?: string;
};

/**
 * Changes the caller's own name and/or password; the email and role are not theirs to change. The
 * password goes first, so a refused password change leaves the name as it was too.
 */
export async function updateMe(deps: UpdateMeDeps, { userId, sessionId, address, name, currentPassword, newPassword }: MeChanges): Promise<User> {
  if (newPassword !== undefined) {
    await changePassword(deps, { userId, sessionId, address, currentPassword: currentPassword ?? '', newPassword });
  }
  if (name === undefined) return (await accountOf(deps.users, userId)).user;
  // One write, which answers the user as renamed.
  return deps.users.rename(userId, userName(name), deps.clock.now());
}
