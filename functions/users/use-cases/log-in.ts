import { UnauthorizedError } from '../../../lib/errors.ts';
import type { TokenPair } from '../domain/tokens.ts';
import { normaliseEmail } from '../domain/user.ts';
import type { Clock, IdGenerator, LoginAttempts, PasswordHasher, UserRepository } from '../ports.ts';
import { countLoginAttempt } from './count-login-attempt.ts';
import { startSession, type TokenDeps } from './start-session.ts';

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
  // The attempt is counted before the password is checked; the credential is read meanwhile, and the
  // account (for the token's claims) while the password is checked.
  const [, credential] = await Promise.all([countLoginAttempt(attempts, address, now), users.findCredential(address)]);
  const [matches, account] = await Promise.all([
    passwords.verify(password, credential?.passwordHash),
    credential === undefined ? undefined : users.findById(credential.userId),
  ]);
  if (credential === undefined || account === undefined || !matches) throw new UnauthorizedError('The email or the password is wrong.');

  // The password is at hand only now: the moment to move an old hash to today's parameters.
  const rehash = async () => {
    if (passwords.needsRehash(credential.passwordHash)) await users.setPasswordHash(account.user, await passwords.hash(password), now);
  };
  // Three writes that do not depend on each other.
  const [tokens] = await Promise.all([startSession(deps, account.user, now), attempts.clear(address), rehash()]);
  return tokens;
}
