import { TooManyRequestsError, UnauthorizedError } from '../../../lib/errors.ts';
import { fakeDeps } from '../testing/in-memory.ts';
import { logIn } from './log-in.ts';
import { registerUser } from './register-user.ts';

const PASSWORD = 'correct horse battery';
const HOME = '198.51.100.7';
const STRANGER = '203.0.113.66';

async function withAda() {
  const deps = fakeDeps();
  const ada = await registerUser(deps, { email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
  return { deps, ada };
}

async function failedLogins(deps: ReturnType<typeof fakeDeps>, email: string, times: number, address = HOME): Promise<void> {
  for (let attempt = 0; attempt < times; attempt++) {
    await expect(logIn(deps, { email, password: 'not the password', address })).rejects.toThrow(UnauthorizedError);
  }
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a refusal.');
}

describe('logging in', () => {
  it('starts a session and answers an access token, a refresh token and the access token lifetime', async () => {
    const { deps, ada } = await withAda();

    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });

    expect(pair).toEqual({
      accessToken: `access|${ada.id}|customer|id-2|${Date.parse('2026-01-01T00:15:00.000Z')}`,
      refreshToken: 'refresh-1',
      expiresIn: 900,
      tokenType: 'Bearer',
    });
    expect(deps.sessions.sessions.get('id-2')).toMatchObject({ userId: ada.id });
  });

  it('finds the account whatever the case and spacing of the email', async () => {
    const { deps } = await withAda();

    const pair = await logIn(deps, { email: '  ADA@example.com', password: PASSWORD, address: HOME });

    expect(pair.refreshToken).toBe('refresh-1');
  });

  it('fails alike for a wrong password and an unknown email, after checking a hash in both cases', async () => {
    const { deps } = await withAda();

    const wrongPassword = await refusal(logIn(deps, { email: 'ada@example.com', password: 'not the password', address: HOME }));
    const unknownEmail = await refusal(logIn(deps, { email: 'nobody@example.com', password: PASSWORD, address: HOME }));

    expect(wrongPassword).toBeInstanceOf(UnauthorizedError);
    expect(unknownEmail).toBeInstanceOf(UnauthorizedError);
    expect((unknownEmail as Error).message).toBe((wrongPassword as Error).message);
    expect(deps.passwords.checkedAgainst).toEqual([`fake$${PASSWORD}`, 'dummy']);
    expect(deps.sessions.sessions.size).toBe(0);
  });

  it('refuses a client the sixth try after five failures, the right password too, with the seconds left', async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'ada@example.com', 5);
    deps.clock.advanceSeconds(60);

    const error = await refusal(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME }));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(14 * 60);
    expect(deps.passwords.checkedAgainst).toHaveLength(5);
  });

  it('lets the owner in from another address while a stranger who failed on their email waits', async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'ada@example.com', 5, STRANGER);

    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });

    expect(pair.tokenType).toBe('Bearer');
    await expect(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: STRANGER })).rejects.toThrow(TooManyRequestsError);
  });

  it('never refuses the right password for being tried often, twenty at once included', async () => {
    const { deps } = await withAda();

    const pairs = await Promise.all(Array.from({ length: 20 }, () => logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME })));

    expect(pairs).toHaveLength(20);
    expect(deps.attempts.windows.size).toBe(0);
  });

  it('counts a failure after checking the password, against the client and its address', async () => {
    const { deps } = await withAda();

    await failedLogins(deps, 'ada@example.com', 1);

    expect(deps.passwords.checkedAgainst).toHaveLength(1);
    expect(Object.fromEntries(deps.attempts.windows)).toEqual({
      [`ada@example.com from ${HOME}`]: { failures: 1, startedAt: deps.clock.now() },
      [HOME]: { failures: 1, startedAt: deps.clock.now() },
    });
  });

  it('throttles an address that failed fifty times on any emails, for every email', async () => {
    const { deps } = await withAda();
    for (let email = 0; email < 50; email++) await failedLogins(deps, `victim-${email}@example.com`, 1, STRANGER);

    const error = await refusal(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: STRANGER }));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    await expect(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME })).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('counts the addresses of one IPv6 /64 as one', async () => {
    const { deps } = await withAda();
    for (let host = 1; host <= 5; host++) await failedLogins(deps, 'ada@example.com', 1, `2001:db8:1:2::${host.toString(16)}`);

    const error = await refusal(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: '2001:db8:1:2:ffff::9' }));

    expect(error).toBeInstanceOf(TooManyRequestsError);
  });

  it('lets the client in again once the window has passed, though its counter is still stored', async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'ada@example.com', 5);
    deps.clock.advanceSeconds(15 * 60);

    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });

    expect(pair.accessToken).toContain('access|');
  });

  it('throttles an email that has no account just the same', async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'nobody@example.com', 5);

    await expect(logIn(deps, { email: 'NOBODY@example.com', password: PASSWORD, address: HOME })).rejects.toThrow(TooManyRequestsError);
  });

  it('counts failures per email, so other users from the same address are not held up', async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'mallory@example.com', 5);

    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });

    expect(pair.refreshToken).toBe('refresh-1');
  });

  it("forgets the client's earlier failures once the password was right, but not its address's", async () => {
    const { deps } = await withAda();
    await failedLogins(deps, 'ada@example.com', 4);
    await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });
    await failedLogins(deps, 'ada@example.com', 4);

    await expect(logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME })).resolves.toMatchObject({ tokenType: 'Bearer' });

    expect(deps.sessions.sessions.size).toBe(2);
    expect(deps.attempts.windows.get(HOME)?.failures).toBe(8);
  });

  it('re-hashes a password stored with old parameters when its owner logs in', async () => {
    const { deps, ada } = await withAda();
    await deps.users.setPasswordHash(ada.id, `old$${PASSWORD}`, deps.clock.now());

    await logIn(deps, { email: 'ada@example.com', password: PASSWORD, address: HOME });

    expect(deps.users.accounts.get(ada.id)?.passwordHash).toBe(`fake$${PASSWORD}`);
  });
});
