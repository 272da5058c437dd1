import { UnauthorizedError } from '../../../lib/errors.ts';
import type { TokenPair } from '../domain/tokens.ts';
import { normaliseEmail } from '../domain/user.ts';
import type { Clock, IdGenerator, LoginAttempts, PasswordHasher, UserRepository } from '../ports.ts';
import { countLoginAttempt } from './count-login-attempt.ts';
import { prepareSession, type TokenDeps } from './start-session.ts';

export type LogInDeps = TokenDeps & {
  users: UserRepository;
  passwords: PasswordHasher;
  attempts: LoginAttempts;
  clock: Clock;
  ids: IdGenerator;
};
export type Credentials = { email: string; password: string };

/**
 * A new session for the owner of the email, if the password is theirs. An unknown email and a wrong
 * password fail alike (same error, same hashing work); too many failures for one email are refused
 * before any checking (TooManyRequestsError). A success forgets the failures before it.
 */
export async function logIn(deps: LogInDeps, { email, password }: Credentials): Promise<TokenPair> {
  const { users, passwords, attempts, clock } = deps;
  const now = clock.now();
  const address = normaliseEmail(email);
  // The attempt is counted before the password is checked; the credential is read meanwhile.
  const [, credential] = await Promise.all([countLoginAttempt(attempts, address, now), users.findCredential(address)]);
  // Checking the password leaves the CPU idle for tens of milliseconds (scrypt runs on libuv's pool):
  // meanwhile the account is read and a session for it made and signed, which is stored, and its pair
  // handed out, only if the password matches.
  const [matches, prepared] = await Promise.all([
    passwords.verify(password, credential?.passwordHash),
    credential === undefined
      ? undefined
      : users.findById(credential.userId).then(async (account) => account && { account, session: await prepareSession(deps, account.user, now) }),
  ]);
  if (credential === undefined || prepared === undefined || !matches) throw new UnauthorizedError('The email or the password is wrong.');
  const { account, session } = prepared;

  // The password is at hand only now: the moment to move an old hash to today's parameters.
  const rehash = async () => {
    if (passwords.needsRehash(credential.passwordHash)) await users.setPasswordHash(account.user, await passwords.hash(password), now);
  };
  // Writes that do not depend on each other.
  await Promise.all([session.start(), attempts.clear(address), rehash()]);
  return session.pair;
}
