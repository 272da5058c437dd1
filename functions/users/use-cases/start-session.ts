import { newSession, refreshTokenRecord, type Session } from '../domain/session.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type TokenPair } from '../domain/tokens.ts';
import type { User } from '../domain/user.ts';
import type { AccessTokens, IdGenerator, SecretGenerator, SessionStore } from '../ports.ts';

export type TokenDeps = { sessions: SessionStore; tokens: AccessTokens; secrets: SecretGenerator };

/** A new session for the user, with its first refresh token and an access token. */
export async function startSession(deps: TokenDeps & { ids: IdGenerator }, user: User, now: Date): Promise<TokenPair> {
  const session = newSession(user.id, deps.ids.next(), now);
  const refreshToken = deps.secrets.next();
  // Signed while the session is stored; a pair whose session could not be stored is never handed out.
  const [, pair] = await Promise.all([
    deps.sessions.start(session, refreshTokenRecord(refreshToken, session, now)),
    tokenPair(deps, user, session.id, refreshToken, now),
  ]);
  return pair;
}

/** The pair a client gets: a fresh access token for the user in this session, and its refresh token. */
export async function tokenPair(
  { tokens }: Pick<TokenDeps, 'tokens'>,
  user: User,
  sessionId: Session['id'],
  refreshToken: string,
  now: Date,
): Promise<TokenPair> {
  const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
  const accessToken = await tokens.issue({ userId: user.id, role: user.role, sessionId }, { issuedAt: now, expiresAt });
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS, tokenType: 'Bearer' };
}
