import { newSession, refreshTokenRecord, type Session } from '../domain/session.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type TokenPair } from '../domain/tokens.ts';
import type { User } from '../domain/user.ts';
import type { AccessTokenIssuer, IdGenerator, SecretGenerator, SessionStore } from '../ports.ts';

export type TokenDeps = { sessions: SessionStore; tokens: AccessTokenIssuer; secrets: SecretGenerator };

/** A new session for the user and its pair, signed: `start` stores it, and only then may the pair be handed out. */
export type PreparedSession = { pair: TokenPair; start(): Promise<void> };

/** A new session for the user, with its first refresh token and an access token, not stored yet. */
export async function prepareSession(deps: TokenDeps & { ids: IdGenerator }, user: User, now: Date): Promise<PreparedSession> {
  const session = newSession(user.id, deps.ids.next(), now);
  const refreshToken = deps.secrets.next();
  const pair = await tokenPair(deps, user, session.id, refreshToken, now);
  return { pair, start: () => deps.sessions.start(session, refreshTokenRecord(refreshToken, session, now)) };
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
  const accessToken = await tokens.issue({ userId: user.id, email: user.email, role: user.role, sessionId }, { issuedAt: now, expiresAt });
  return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS, tokenType: 'Bearer' };
}
