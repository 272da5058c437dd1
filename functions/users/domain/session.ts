import { createHash } from 'node:crypto';

/** How long one sign-in lasts at most, however often it is refreshed; then the user logs in again. */
const SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;
/** How long a refresh token is good for: a session left unused this long ends. */
const REFRESH_TOKEN_LIFETIME_SECONDS = 14 * 24 * 3600;

/** One sign-in, and so one family of refresh tokens, each replacing the one before. */
export type Session = Readonly<{
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}>;

/** A refresh token as stored: its SHA-256 hash, never the token itself. */
export type RefreshTokenRecord = Readonly<{
  hash: string;
  userId: string;
  sessionId: string;
  sessionExpiresAt: Date;
  issuedAt: Date;
  expiresAt: Date;
  /** When it was exchanged for the next one; a used token presented again means it was stolen. */
  usedAt?: Date;
}>;

export function newSession(userId: string, id: string, now: Date): Session {
  return { id, userId, createdAt: now, expiresAt: after(now, SESSION_LIFETIME_SECONDS) };
}

/** The record of `token`, a new member of the session's family; it never outlives the session. */
export function refreshTokenRecord(
  token: string,
  session: { id: string; userId: string; expiresAt: Date },
  now: Date,
): RefreshTokenRecord {
  const idleEnd = after(now, REFRESH_TOKEN_LIFETIME_SECONDS);
  return {
    hash: hashRefreshToken(token),
    userId: session.userId,
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt,
    issuedAt: now,
    expiresAt: idleEnd < session.expiresAt ? idleEnd : session.expiresAt,
  };
}

/**
 * How a refresh token is found without being stored: SHA-256, base64url. A fast hash is enough for
 * 256 random bits; a slow one (as for passwords) would only add latency.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export const isExpired = (record: Pick<RefreshTokenRecord, 'expiresAt'>, now: Date): boolean => record.expiresAt <= now;

const after = (moment: Date, seconds: number): Date => new Date(moment.getTime() + seconds * 1000);
