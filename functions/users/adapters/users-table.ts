import type { ThrottleKey } from '../domain/login-throttle.ts';
import type { RefreshTokenRecord, Session } from '../domain/session.ts';
import type { Account, Role, User } from '../domain/user.ts';

/**
 * The users table's layout (single table, owned by the users service):
 *   user            pk USER#<id>             sk PROFILE          id, email, name, role, passwordHash, createdAt, updatedAt
 *   email claim     pk EMAIL#<email>         sk EMAIL            userId; written with the user in one transaction, both
 *                                                                 `attribute_not_exists`, so an email is taken once
 *   session         pk USER#<userId>         sk SESSION#<id>     createdAt, expiresAt, revokedAt
 *   refresh token   pk REFRESH#<sha256>      sk REFRESH          userId, sessionId, sessionExpiresAt, issuedAt, expiresAt, usedAt
 *   failed logins   pk LOGIN#<email>         sk FROM#<address>   failures, windowStartedAt (epoch ms), expiresAt: one client
 *   of a client or  pk LOGIN_FROM#<address>  sk ATTEMPTS         the same, for an address across all emails
 *   an address                                                    (addresses as domain/login-throttle.ts buckets them)
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
export const LOGIN_FROM_PREFIX = 'FROM#';
/** The partition of an email's failed logins, one item per address. */
export const loginAttemptsPartition = (email: string) => `LOGIN#${email}`;
export const loginAttemptsKey = ({ email, address }: ThrottleKey) =>
  email === undefined
    ? { pk: `LOGIN_FROM#${address}`, sk: 'ATTEMPTS' }
    : { pk: loginAttemptsPartition(email), sk: `${LOGIN_FROM_PREFIX}${address}` };

/** Epoch seconds, rounded down: an item is live while `expiresAt > epochSeconds(now)`. */
export const epochSeconds = (moment: Date): number => Math.floor(moment.getTime() / 1000);
const fromEpochSeconds = (seconds: number): Date => new Date(seconds * 1000);

export function userItem({ user, passwordHash }: Account): Record<string, unknown> {
  return { ...userKey(user.id), type: 'User', ...user, passwordHash };
}

export function emailClaimItem(user: User): Record<string, unknown> {
  return { ...emailKey(user.email), type: 'EmailClaim', userId: user.id, createdAt: user.createdAt };
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
