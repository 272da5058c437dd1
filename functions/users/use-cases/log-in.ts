import { UnauthorizedError } from '../../../lib/errors.ts';
import type { TokenPair } from '../domain/tokens.ts';
import { normaliseEmail } from '../domain/user.ts';
import type { Clock, IdGenerator, LoginAttempts, PasswordHasher, UserRepository } from '../ports.ts';
import { assertNotThrottled, countFailure, forgetClientFailures, loginSource } from './login-throttling.ts';
import { prepareSession, type TokenDeps } from './start-session.ts';

export type LogInDeps = TokenDeps & {
  users: UserRepository;
  passwords: PasswordHasher;
  attempts: LoginAttempts;
  clock: Clock;
  ids: IdGenerator;
};
/** `address`: where the request came from, which failures are counted under besides the email. */
export type Credentials = { email: string; password: string; address: string };

/**
 * A new session for the owner of the email, if the password is theirs. An unknown email and a wrong
 * password fail alike (same error, same hashing work) and are counted against the client and its
 * address; while either has too many, logins from it are refused before any checking
 * (TooManyRequestsError). A right password is never counted, and forgets the client's failures.
 */
export async function logIn(deps: LogInDeps, { email, password, address }: Credentials): Promise<TokenPair> {
  const { users, passwords, attempts, clock } = deps;
  const now = clock.now();
  const source = loginSource(normaliseEmail(email), address);
  await assertNotThrottled(attempts, source, now);

  const account = await users.findByEmail(source.email);
  const matches = await passwords.verify(password, account?.passwordHash);
  if (account === undefined || !matches) {
    await countFailure(attempts, source, now);
    throw new UnauthorizedError('The email or the password is wrong.');
  }

  // The password is at hand only now: the moment to move an old hash to today's parameters.
  if (passwords.needsRehash(account.passwordHash)) await users.setPasswordHash(account.user.id, await passwords.hash(password), now);
  const session = await prepareSession(deps, account.user, now);
  await Promise.all([session.start(), forgetClientFailures(attempts, source)]);
  return session.pair;
}
