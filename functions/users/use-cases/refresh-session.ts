import { UnauthorizedError } from '../../../lib/errors.ts';
import { hashRefreshToken, isExpired, refreshTokenRecord, type RefreshTokenRecord } from '../domain/session.ts';
import type { TokenPair } from '../domain/tokens.ts';
import type { Clock, UserRepository } from '../ports.ts';
import { tokenPair, type TokenDeps } from './start-session.ts';

export type RefreshSessionDeps = TokenDeps & { users: UserRepository; clock: Clock };

/**
 * Exchanges a refresh token for a new pair; the old token is spent. A spent token presented again
 * means two parties hold it, so its whole session is revoked (neither can refresh any more) and the
 * call fails. Unknown, expired and revoked tokens fail too, all with UnauthorizedError. The access
 * token carries the user's role as it is now (a promotion shows from the next refresh).
 */
export async function refreshSession(deps: RefreshSessionDeps, refreshToken: string): Promise<TokenPair> {
  const { sessions, users, secrets, clock } = deps;
  const now = clock.now();
  const stored = await sessions.findRefreshToken(hashRefreshToken(refreshToken));
  if (stored === undefined || isExpired(stored, now)) throw invalid();
  if (stored.usedAt !== undefined) return revokeStolen(deps, stored, now);

  const session = { id: stored.sessionId, userId: stored.userId, expiresAt: stored.sessionExpiresAt };
  const next = secrets.next();
  // While the token is rotated, the user is read (for the role as it is now) and the new pair signed;
  // a pair is handed out only once its token is the session's current one.
  const [outcome, pair] = await Promise.all([
    sessions.rotate(stored.hash, refreshTokenRecord(next, session, now), now),
    users.findById(stored.userId).then((account) => account && tokenPair(deps, account.user, session.id, next, now)),
  ]);
  switch (outcome) {
    case 'ROTATED':
      if (pair === undefined) throw invalid();
      return pair;
    case 'ALREADY_USED':
      return revokeStolen(deps, stored, now);
    case 'ENDED':
      throw invalid();
  }
}

async function revokeStolen({ sessions }: RefreshSessionDeps, stored: RefreshTokenRecord, now: Date): Promise<never> {
  await sessions.revoke(stored.userId, stored.sessionId, now);
  throw new UnauthorizedError('This refresh token was used already; its session is now revoked. Log in again.');
}

const invalid = () => new UnauthorizedError('The refresh token is not valid; log in again.');
