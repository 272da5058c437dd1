import type { RefreshTokenRecord, Session } from '../domain/session.ts';
import type { Account, Role, User } from '../domain/user.ts';

/**
 * The users table's layout (single table, owned by the users service):
 *   user            pk USER#<id>             sk PROFILE          id, email, name, role, passwordHash, createdAt, updatedAt
 *   email claim     pk EMAIL#<email>         sk EMAIL            userId, passwordHash; written with the user in one
 *                                                                 transaction, both `attribute_not_exists`, so an email
 *                                                                 is taken once; its passwordHash is a copy of the user's,
 *                                                                 changed with it in one transaction, so that a login
 *                                                                 finds what it checks in one read (older claims lack it)
 *   session         pk USER#<userId>         sk SESSION#<id>     createdAt, expiresAt, revokedAt
 *   refresh token   pk REFRESH#<sha256>      sk REFRESH          userId, sessionId, sessionExpiresAt, issuedAt, expiresAt, usedAt
 *   login attempts  pk LOGIN#<email>         sk ATTEMPTS         failures, windowStartedAt (epoch ms), expiresAt
 * `expiresAt` is epoch seconds, the table's TTL attribute: DynamoDB deletes such items some time after
 * (DynamoDB Local never), so every read and condition compares it with the time instead of relying on it.
 * Sessions live under their user, so "all sessions of a user" is one Query and needs no index.
 */
export const SESSION_PREFIX = 'SESSION#';

/** A user's partition: the profile and every session of theirs. */
export const userPartition = (userId: string) => `USER#${userId}`;
export const userKey = (id: string) => ({ pk: userPartition(id), sk: 'PROFILE' });
export const emailKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' });
export const sessionKey = (userId: string, sessionId: string) => ({ pk: userPartition(userId), sk: `${SESSION_PREFIX}${sessionId}` });
export const refreshTokenKey = (hash: string) => ({ pk: `REFRESH#${hash}`, sk: 'REFRESH' });
export const loginAttemptsKey = (email: string) => ({ pk: `LOGIN#${email}`, sk: 'ATTEMPTS' });

/** Epoch seconds, rounded down: an item is live while `expiresAt > epochSeconds(now)`. */
export const epochSeconds = (moment: Date): number => Math.floor(moment.getTime() / 1000);
const fromEpochSeconds = (seconds: number): Date => new Date(seconds * 1000);

export function userItem({ user, passwordHash }: Account): Record<string, unknown> {
  return { ...userKey(user.id), type: 'User', ...user, passwordHash };
}

export function emailClaimItem({ user, passwordHash }: Account): Record<string, unknown> {
  return { ...emailKey(user.email), type: 'EmailClaim', userId: user.id, passwordHash, createdAt: user.createdAt };
}

export function accountFromItem(item: Record<string, unknown>): Account {
  const { id, email, name, role, createdAt, updatedAt, passwordHash } = item;
  const user = { id, email, name, role: role as Role, createdAt, updatedAt } as User;
  return { user, passwordHash: String(passwordHash) };
}

export function sessionItem(session: Session): Record<string, unknown> {
  return {
    ...sessionKey(session.userId, session.id),
    type: 'Session',
    sessionId: session.id,
    userId: session.userId,
    createdAt: session.createdAt.toISOString(),
    expiresAt: epochSeconds(session.expiresAt),
  };
}

export function refreshTokenItem(record: RefreshTokenRecord): Record<string, unknown> {
  return {
    ...refreshTokenKey(record.hash),
    type: 'RefreshToken',
    userId: record.userId,
    sessionId: record.sessionId,
    sessionExpiresAt: epochSeconds(record.sessionExpiresAt),
    issuedAt: record.issuedAt.toISOString(),
    expiresAt: epochSeconds(record.expiresAt),
    usedAt: record.usedAt?.toISOString(),
  };
}

/** A refresh token item as refreshTokenItem writes it. */
type RefreshTokenItem = {
  pk: string;
  userId: string;
  sessionId: string;
  sessionExpiresAt: number;
  issuedAt: string;
  expiresAt: number;
  usedAt?: string;
};

export function refreshTokenFromItem(item: Record<string, unknown>): RefreshTokenRecord {
  const { pk, userId, sessionId, sessionExpiresAt, issuedAt, expiresAt, usedAt } = item as RefreshTokenItem;
  const record: RefreshTokenRecord = {
    hash: pk.replace(/^REFRESH#/, ''),
    userId,
    sessionId,
    sessionExpiresAt: fromEpochSeconds(sessionExpiresAt),
    issuedAt: new Date(issuedAt),
    expiresAt: fromEpochSeconds(expiresAt),
  };
  return usedAt === undefined ? record : { ...record, usedAt: new Date(usedAt) };
}
