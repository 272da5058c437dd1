import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { hashRefreshToken, newSession, refreshTokenRecord, type Session } from '../domain/session.ts';
import { describeSessionStoreContract } from '../testing/session-store.contract.ts';
import { DynamoDbSessionStore } from './dynamodb-session-store.ts';
import { refreshTokenItem, sessionKey } from './users-table.ts';

const table = resourceName('users');
const sessions = new DynamoDbSessionStore(documents, table);
const item = async (key: Record<string, string>) => (await documents.send(new GetCommand({ TableName: table, Key: key }))).Item;

describeSessionStoreContract('the DynamoDB session store, against DynamoDB Local', () => sessions);

describe("the DynamoDB session store's table layout", () => {
  // Whole seconds: expiry times are stored as epoch seconds (the TTL attribute).
  const now = new Date('2026-11-22T12:00:00.000Z');
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const successor = (session: Session, at: Date) => refreshTokenRecord(randomUUID(), session, at);

  async function aSession(userId = randomUUID()): Promise<Session> {
    const session = newSession(userId, randomUUID(), now);
    await sessions.start(session, refreshTokenRecord(randomUUID(), session, now));
    return session;
  }

  const revokedAt = async (session: Session) => (await item(sessionKey(session.userId, session.id)))?.revokedAt as unknown;

  it('rotates no token stored without its session (start writes the two side by side, not together)', async () => {
    const session = newSession(randomUUID(), randomUUID(), now);
    const token = randomUUID();
    await documents.send(new PutCommand({ TableName: table, Item: refreshTokenItem(refreshTokenRecord(token, session, now)) }));

    await expect(sessions.rotate(hashRefreshToken(token), successor(session, later(60)), later(60))).resolves.toBe('ENDED');
  });

  it('stamps revokedAt on the sessions revokeOthers ends, and not on the one kept nor on another user\'s', async () => {
    const userId = randomUUID();
    const [kept, other1, other2] = [await aSession(userId), await aSession(userId), await aSession(userId)];
    const stranger = await aSession();

    await sessions.revokeOthers(userId, kept.id, later(10));

    expect(await revokedAt(kept)).toBeUndefined();
    expect(await revokedAt(other1)).toBe(later(10).toISOString());
    expect(await revokedAt(other2)).toBe(later(10).toISOString());
    expect(await revokedAt(stranger)).toBeUndefined();
  });

  it('keeps the first revocation time and creates no item when revoking an unknown session', async () => {
    const session = await aSession();
    const ghost = randomUUID();

    await sessions.revoke(session.userId, session.id, later(1));
    await sessions.revoke(session.userId, session.id, later(2));
    await sessions.revoke(session.userId, ghost, later(3));

    expect(await revokedAt(session)).toBe(later(1).toISOString());
    expect(await item(sessionKey(session.userId, ghost))).toBeUndefined();
  });
});
