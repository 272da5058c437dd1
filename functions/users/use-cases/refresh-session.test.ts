import { UnauthorizedError } from '../../../lib/errors.ts';
import { hashRefreshToken } from '../domain/session.ts';
import type { RotateOutcome } from '../ports.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { logIn } from './log-in.ts';
import { logOut } from './log-out.ts';
import { promoteToAdmin } from './promote-to-admin.ts';
import { refreshSession } from './refresh-session.ts';
import { registerUser } from './register-user.ts';

const DAY = 24 * 3600;
const ADA = { email: 'ada@example.com', password: 'correct horse battery', address: '198.51.100.7' };

async function loggedIn() {
  const deps = fakeDeps();
  const ada = await registerUser(deps, { ...ADA, name: 'Ada' });
  const pair = await logIn(deps, ADA);
  return { deps, ada, pair, sessionId: 'id-2' };
}

describe('refreshing a session', () => {
  it('answers a new pair for the same session and spends the old refresh token', async () => {
    const { deps, ada, pair, sessionId } = await loggedIn();
    deps.clock.advanceSeconds(600);

    const next = await refreshSession(deps, pair.refreshToken);

    expect(next.refreshToken).toBe('refresh-2');
    expect(next.accessToken).toBe(`access|${ada.id}|customer|${sessionId}|${deps.clock.now().getTime() + 900_000}`);
    expect(deps.sessions.tokens.get(hashRefreshToken(pair.refreshToken))?.usedAt).toEqual(deps.clock.now());
  });

  it('stores refresh tokens only as their hashes', async () => {
    const { deps, pair } = await loggedIn();

    const stored = JSON.stringify([...deps.sessions.tokens]);

    expect(stored).not.toContain(pair.refreshToken);
    expect(deps.sessions.tokens.has(hashRefreshToken(pair.refreshToken))).toBe(true);
  });

  it('revokes the whole session when a spent refresh token comes back, so the newer one fails too', async () => {
    const { deps, pair, sessionId } = await loggedIn();
    const next = await refreshSession(deps, pair.refreshToken);

    const replay = refreshSession(deps, pair.refreshToken);

    await expect(replay).rejects.toThrow(UnauthorizedError);
    expect(deps.sessions.isRevoked(sessionId)).toBe(true);
    await expect(refreshSession(deps, next.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it('revokes the session when another request spent the token in the meantime', async () => {
    const { deps, pair, sessionId } = await loggedIn();
    deps.sessions.rotate = async (): Promise<RotateOutcome> => 'ALREADY_USED';

    await expect(refreshSession(deps, pair.refreshToken)).rejects.toThrow(UnauthorizedError);
    expect(deps.sessions.isRevoked(sessionId)).toBe(true);
  });

  it('refuses a token it never issued', async () => {
    const { deps } = await loggedIn();

    await expect(refreshSession(deps, 'made-up-token')).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a refresh token unused for 14 days', async () => {
    const { deps, pair } = await loggedIn();
    deps.clock.advanceSeconds(14 * DAY);

    await expect(refreshSession(deps, pair.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it('ends the session 30 days after the login however often it is refreshed', async () => {
    const { deps, pair } = await loggedIn();
    let token = pair.refreshToken;
    for (const day of [10, 10, 9]) {
      deps.clock.advanceSeconds(day * DAY);
      token = (await refreshSession(deps, token)).refreshToken;
    }
    deps.clock.advanceSeconds(1 * DAY);

    await expect(refreshSession(deps, token)).rejects.toThrow(UnauthorizedError);
  });

  it('puts the role the user has now into the new access token', async () => {
    const { deps, pair } = await loggedIn();
    await promoteToAdmin(deps, ADA.email);

    const next = await refreshSession(deps, pair.refreshToken);

    expect(next.accessToken).toContain('|admin|');
  });
});

describe('logging out', () => {
  it('ends the caller\'s session, so its refresh token no longer works', async () => {
    const { deps, ada, pair, sessionId } = await loggedIn();

    await logOut(deps, { userId: ada.id, sessionId });

    expect(deps.sessions.isRevoked(sessionId)).toBe(true);
    await expect(refreshSession(deps, pair.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it('leaves the user\'s other sessions alone', async () => {
    const { deps, ada, sessionId } = await loggedIn();
    const other = await logIn(deps, ADA);

    await logOut(deps, { userId: ada.id, sessionId });

    await expect(refreshSession(deps, other.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('cannot end another user\'s session', async () => {
    const { deps, sessionId } = await loggedIn();
    const grace = await registerUser(deps, { email: 'grace@example.com', password: 'another long password', name: 'Grace' });

    await logOut(deps, { userId: grace.id, sessionId });

    expect(deps.sessions.isRevoked(sessionId)).toBe(false);
  });
});
