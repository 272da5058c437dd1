import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbLoginAttempts } from '../../functions/users/adapters/dynamodb-login-attempts.ts';
import { DynamoDbSessionStore } from '../../functions/users/adapters/dynamodb-session-store.ts';
import { DynamoDbUserRepository } from '../../functions/users/adapters/dynamodb-user-repository.ts';
import { emailKey, loginAttemptsKey, refreshTokenItem, sessionKey, userKey } from '../../functions/users/adapters/users-table.ts';
import { PER_CLIENT, type ThrottleKey } from '../../functions/users/domain/login-throttle.ts';
import { hashRefreshToken, newSession, refreshTokenRecord, type Session } from '../../functions/users/domain/session.ts';
import { newUser, type Account } from '../../functions/users/domain/user.ts';
import type { RotateOutcome } from '../../functions/users/ports.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { documentClient, dynamoDbClient } from '../../lib/aws/clients.ts';
import { documents, resourceName } from '../support/aws.ts';
import { untilDecided } from '../support/races.ts';

const table = resourceName('users');
const users = new DynamoDbUserRepository(documents, table);
const sessions = new DynamoDbSessionStore(documents, table);
const attempts = new DynamoDbLoginAttempts(documents, table);
// Whole seconds: expiry times are stored as epoch seconds (the TTL attribute).
const now = new Date('2026-11-22T12:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const anEmail = () => `user-${randomUUID()}@example.com`;
const item = async (key: Record<string, string>) => (await documents.send(new GetCommand({ TableName: table, Key: key }))).Item;

/** A document client of its own that records the name of each request it sends. */
function countingDocuments() {
  const requests: string[] = [];
  const counted = documentClient(dynamoDbClient());
  counted.middlewareStack.add((next, context) => (args) => (requests.push(String(context.commandName)), next(args)), { step: 'initialize' });
  return { counted, requests };
}

async function anAccount(email = anEmail()): Promise<Account> {
  const account = { user: newUser({ email, name: 'Ada' }, randomUUID(), now), passwordHash: 'scrypt$14$8$1$salt$key' };
  await users.add(account);
  return account;
}

describe('the DynamoDB user repository against DynamoDB Local', () => {
  it('stores an account and finds it by id and by email', async () => {
    const account = await anAccount();

    await expect(users.findById(account.user.id)).resolves.toEqual(account);
    await expect(users.findByEmail(account.user.email)).resolves.toEqual(account);
    await expect(users.findByEmail(anEmail())).resolves.toBeUndefined();
  });

  it('refuses a second account with a taken email and writes nothing of it', async () => {
    const first = await anAccount();
    const second = { ...first, user: { ...first.user, id: randomUUID(), name: 'Eve' } };

    await expect(users.add(second)).rejects.toThrow(ConflictError);
    expect(await item(userKey(second.user.id))).toBeUndefined();
    await expect(users.findByEmail(first.user.email)).resolves.toEqual(first);
  });

  it('lets exactly one of several concurrent registrations of one email win', async () => {
    const email = anEmail();
    const accounts = Array.from({ length: 5 }, () => ({ user: newUser({ email, name: 'Racer' }, randomUUID(), now), passwordHash: 'h' }));

    const results = await Promise.allSettled(accounts.map((account) => untilDecided(() => users.add(account))));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown);
    expect(refusals.every((reason) => reason instanceof ConflictError)).toBe(true);
  });

  it('changes the name, the role and the password hash each on its own', async () => {
    const account = await anAccount();

    await expect(users.rename(account.user.id, 'Countess', later(1))).resolves.toEqual({
      ...account.user,
      name: 'Countess',
      updatedAt: later(1).toISOString(),
    });
    await users.setRole(account.user.id, 'admin', later(2));
    await users.setPasswordHash(account.user.id, 'scrypt$15$8$1$salt$other', later(3));

    await expect(users.findById(account.user.id)).resolves.toEqual({
      user: { ...account.user, name: 'Countess', role: 'admin', updatedAt: later(3).toISOString() },
      passwordHash: 'scrypt$15$8$1$salt$other',
    });
    expect(await item(emailKey(account.user.email))).not.toHaveProperty('passwordHash');
  });

  it('keeps no copy of the password hash on the email claim', async () => {
    const account = await anAccount();

    expect(await item(emailKey(account.user.email))).toEqual({
      ...emailKey(account.user.email),
      type: 'EmailClaim',
      userId: account.user.id,
      createdAt: account.user.createdAt,
    });
  });

  it('says NotFound when changing a user that does not exist, and creates no item', async () => {
    const id = randomUUID();

    await expect(users.rename(id, 'Ghost', now)).rejects.toThrow(NotFoundError);
    await expect(users.setPasswordHash(id, 'h', now)).rejects.toThrow(NotFoundError);
    expect(await item(userKey(id))).toBeUndefined();
  });
});

describe('the DynamoDB session store against DynamoDB Local', () => {
  async function aSession(userId = randomUUID()): Promise<{ session: Session; token: string }> {
    const session = newSession(userId, randomUUID(), now);
    const token = randomUUID();
    await sessions.start(session, refreshTokenRecord(token, session, now));
    return { session, token };
  }

  const successor = (session: Session, at: Date) => refreshTokenRecord(randomUUID(), session, at);

  it('keeps a refresh token under its hash and gives it back as recorded', async () => {
    const token = randomUUID();
    const session = newSession(randomUUID(), randomUUID(), now);
    const first = refreshTokenRecord(token, session, now);

    await sessions.start(session, first);

    await expect(sessions.findRefreshToken(hashRefreshToken(token))).resolves.toEqual(first);
    await expect(sessions.findRefreshToken(hashRefreshToken('never issued'))).resolves.toBeUndefined();
  });

  it('rotates no token stored without its session (start writes the two side by side, not together)', async () => {
    const session = newSession(randomUUID(), randomUUID(), now);
    const token = randomUUID();
    await documents.send(new PutCommand({ TableName: table, Item: refreshTokenItem(refreshTokenRecord(token, session, now)) }));

    await expect(sessions.rotate(hashRefreshToken(token), successor(session, later(60)), later(60))).resolves.toBe('ENDED');
  });

  it('rotates a token once: the old one is marked used, the new one stored; a second rotation is ALREADY_USED', async () => {
    const { session, token } = await aSession();
    const next = successor(session, later(60));
    const another = successor(session, later(61));

    const first = await sessions.rotate(hashRefreshToken(token), next, later(60));
    const second = await sessions.rotate(hashRefreshToken(token), another, later(61));

    expect([first, second]).toEqual(['ROTATED', 'ALREADY_USED']);
    expect((await sessions.findRefreshToken(hashRefreshToken(token)))?.usedAt).toEqual(later(60));
    await expect(sessions.findRefreshToken(next.hash)).resolves.toEqual(next);
    await expect(sessions.findRefreshToken(another.hash)).resolves.toBeUndefined();
  });

  it('lets exactly one of several concurrent rotations of one token through', async () => {
    const { session, token } = await aSession();

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => untilDecided(() => sessions.rotate(hashRefreshToken(token), successor(session, later(5)), later(5)))),
    );

    expect(outcomes.filter((outcome) => outcome === 'ROTATED')).toHaveLength(1);
    expect(outcomes.filter((outcome): outcome is RotateOutcome => outcome === 'ALREADY_USED')).toHaveLength(4);
  });

  it('does not rotate an expired token, nor one of a revoked session', async () => {
    const expired = await aSession();
    const revoked = await aSession();
    await sessions.revoke(revoked.session.userId, revoked.session.id, later(1));
    const fortnight = 14 * 24 * 3600;

    await expect(sessions.rotate(hashRefreshToken(expired.token), successor(expired.session, later(fortnight)), later(fortnight))).resolves.toBe('ENDED');
    await expect(sessions.rotate(hashRefreshToken(revoked.token), successor(revoked.session, later(2)), later(2))).resolves.toBe('ENDED');
    expect((await sessions.findRefreshToken(hashRefreshToken(revoked.token)))?.usedAt).toBeUndefined();
  });

  it('revokes all sessions of a user but the one to keep, and no other user\'s', async () => {
    const userId = randomUUID();
    const [kept, other1, other2] = [await aSession(userId), await aSession(userId), await aSession(userId)];
    const stranger = await aSession();

    await sessions.revokeOthers(userId, kept.session.id, later(10));

    const revokedAt = async ({ session }: { session: Session }) => (await item(sessionKey(session.userId, session.id)))?.revokedAt as unknown;
    expect(await revokedAt(kept)).toBeUndefined();
    expect(await revokedAt(other1)).toBe(later(10).toISOString());
    expect(await revokedAt(other2)).toBe(later(10).toISOString());
    expect(await revokedAt(stranger)).toBeUndefined();
    await expect(sessions.rotate(hashRefreshToken(other1.token), successor(other1.session, later(11)), later(11))).resolves.toBe('ENDED');
    await expect(sessions.rotate(hashRefreshToken(kept.token), successor(kept.session, later(11)), later(11))).resolves.toBe('ROTATED');
  });

  it('keeps the first revocation time and creates nothing when revoking an unknown session', async () => {
    const { session } = await aSession();
    const ghost = randomUUID();

    await sessions.revoke(session.userId, session.id, later(1));
    await sessions.revoke(session.userId, session.id, later(2));
    await sessions.revoke(session.userId, ghost, later(3));

    expect((await item(sessionKey(session.userId, session.id)))?.revokedAt).toBe(later(1).toISOString());
    expect(await item(sessionKey(session.userId, ghost))).toBeUndefined();
  });
});

describe('the DynamoDB login attempts against DynamoDB Local', () => {
  const aClient = () => ({ email: anEmail(), address: `198.51.100.${Math.floor(Math.random() * 250)}` });
  const count = (key: ThrottleKey, at: Date) => attempts.countFailure(key, at, PER_CLIENT);

  it('counts failures in a window that starts at the first, and gives the window back', async () => {
    const client = aClient();

    for (let minute = 0; minute < 3; minute++) await count(client, later(minute * 60));

    await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 3, startedAt: now });
    await expect(attempts.failuresOf(aClient())).resolves.toBeUndefined();
    expect(await item(loginAttemptsKey(client))).toMatchObject({ expiresAt: later(15 * 60).getTime() / 1000 });
  });

  it('counts a failure with one write where there is no window, and with one more in a live window', async () => {
    const client = aClient();
    const { counted, requests } = countingDocuments();
    const counting = new DynamoDbLoginAttempts(counted, table);

    await counting.countFailure(client, now, PER_CLIENT);
    await counting.countFailure(client, later(60), PER_CLIENT);

    expect(requests).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 2, startedAt: now });
    counted.destroy();
  });

  it('starts a new window once the old one is over, though its item was never deleted', async () => {
    const client = aClient();
    for (let failure = 0; failure < 5; failure++) await count(client, now);

    await count(client, later(15 * 60));

    await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 1, startedAt: later(15 * 60) });
  });

  it('keeps a client and its address apart', async () => {
    const client = aClient();

    await count(client, now);

    await expect(attempts.failuresOf({ address: client.address })).resolves.toBeUndefined();
  });

  it('counts every one of many parallel failures', async () => {
    const client = aClient();

    await Promise.all(Array.from({ length: 12 }, () => untilDecided(() => count(client, now))));

    await expect(attempts.failuresOf(client)).resolves.toEqual({ failures: 12, startedAt: now });
  });

  it('forgets one key, saying whether there was a window', async () => {
    const client = aClient();
    await count(client, now);

    await expect(attempts.forget(client)).resolves.toBe(true);
    await expect(attempts.forget(client)).resolves.toBe(false);
    await expect(attempts.failuresOf(client)).resolves.toBeUndefined();
  });

  it("forgets an email's windows from every address, and no address's own", async () => {
    const email = anEmail();
    const keys = ['198.51.100.1', '198.51.100.2', '2001:db8::/64'].map((address) => ({ email, address }));
    for (const key of keys) await count(key, now);
    await count({ address: '198.51.100.1' }, now);
    await count({ email: anEmail(), address: '198.51.100.1' }, now);

    await expect(attempts.forgetEmail(email)).resolves.toBe(3);

    for (const key of keys) await expect(attempts.failuresOf(key)).resolves.toBeUndefined();
    await expect(attempts.failuresOf({ address: '198.51.100.1' })).resolves.toEqual({ failures: 1, startedAt: now });
  });
});
