import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../../../lib/errors.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { changePassword } from './change-password.ts';
import { logIn } from './log-in.ts';
import { refreshSession } from './refresh-session.ts';
import { registerUser } from './register-user.ts';

const ADA = { email: 'ada@example.com', password: 'correct horse battery', address: '198.51.100.7' };
const NEW_PASSWORD = 'a brand new passphrase';

async function withTwoSessions() {
  const deps = fakeDeps();
  const ada = await registerUser(deps, { ...ADA, name: 'Ada' });
  const mine = await logIn(deps, ADA); // session id-2
  const other = await logIn(deps, ADA); // session id-3
  return { deps, ada, mine, other, change: { userId: ada.id, sessionId: 'id-2', currentPassword: ADA.password, newPassword: NEW_PASSWORD, address: ADA.address } };
}

describe('changing the password', () => {
  it('makes the new password the one that logs in', async () => {
    const { deps, change } = await withTwoSessions();

    await changePassword(deps, change);

    await expect(logIn(deps, ADA)).rejects.toThrow(UnauthorizedError);
    await expect(logIn(deps, { ...ADA, password: NEW_PASSWORD })).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('revokes the user\'s other sessions and keeps the caller\'s', async () => {
    const { deps, change, mine, other } = await withTwoSessions();

    await changePassword(deps, change);

    await expect(refreshSession(deps, other.refreshToken)).rejects.toThrow(UnauthorizedError);
    await expect(refreshSession(deps, mine.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses a wrong current password, naming that field, and changes nothing', async () => {
    const { deps, ada, change } = await withTwoSessions();

    const attempt = changePassword(deps, { ...change, currentPassword: 'a wrong password' });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: [{ field: 'currentPassword' }] });
    expect(deps.users.accounts.get(ada.id)?.passwordHash).toBe(`fake$${ADA.password}`);
    expect(deps.sessions.isRevoked('id-3')).toBe(false);
  });

  it('holds the new password to the policy, naming newPassword', async () => {
    const { deps, change } = await withTwoSessions();

    const attempt = changePassword(deps, { ...change, newPassword: 'ADA' });

    await expect(attempt).rejects.toMatchObject({ fieldErrors: [{ field: 'newPassword', reason: 'must have at least 10 characters' }] });
  });

  it('refuses a new password that is the current one', async () => {
    const { deps, change } = await withTwoSessions();

    const attempt = changePassword(deps, { ...change, newPassword: ADA.password });

    await expect(attempt).rejects.toMatchObject({ fieldErrors: [{ field: 'newPassword', reason: 'must differ from the current password' }] });
  });

  it('counts wrong current passwords toward the login limit, so a stolen access token cannot guess on', async () => {
    const { deps, change } = await withTwoSessions();
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(changePassword(deps, { ...change, currentPassword: `wrong guess ${attempt}` })).rejects.toThrow(ValidationError);
    }

    await expect(changePassword(deps, change)).rejects.toThrow(TooManyRequestsError);
    await expect(logIn(deps, ADA)).rejects.toThrow(TooManyRequestsError);
  });
});
