import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RefreshTokenRecord, Session } from '../domain/session.ts';
import type { RotateOutcome, SessionStore } from '../ports.ts';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { describeReasons, failedCondition, transact } from '../../../lib/aws/dynamodb-transact.ts';
import {
  epochSeconds,
  refreshTokenFromItem,
  refreshTokenItem,
  refreshTokenKey,
  SESSION_PREFIX,
  sessionItem,
  sessionKey,
  userPartition,
} from './users-table.ts';

const LIVE = 'attribute_exists(pk) AND expiresAt > :now';

export class DynamoDbSessionStore implements SessionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  /**
   * Two writes side by side, not a transaction (which costs twice the capacity and a slower first call):
   * the login fails unless both are stored, and either alone is inert. A token without its session
   * cannot refresh (rotate checks the session), and a session without its token can only end.
   */
  async start(session: Session, first: RefreshTokenRecord): Promise<void> {
    const put = (item: Record<string, unknown>) =>
      this.#db.send(new PutCommand({ TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await Promise.all([put(sessionItem(session)), put(refreshTokenItem(first))]);
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: refreshTokenKey(hash), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : refreshTokenFromItem(Item);
  }

  async rotate(usedHash: string, next: RefreshTokenRecord, now: Date): Promise<RotateOutcome> {
    const values = { ':now': epochSeconds(now) };
    const reasons = await transact(this.#db, [
      {
        Update: {
          TableName: this.#table,
          Key: refreshTokenKey(usedHash),
          UpdateExpression: 'SET usedAt = :usedAt',
          ConditionExpression: `${LIVE} AND attribute_not_exists(usedAt)`,
          ExpressionAttributeValues: { ...values, ':usedAt': now.toISOString() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        ConditionCheck: {
          TableName: this.#table,
          Key: sessionKey(next.userId, next.sessionId),
          ConditionExpression: `${LIVE} AND attribute_not_exists(revokedAt)`,
          ExpressionAttributeValues: values,
        },
      },
      { Put: { TableName: this.#table, Item: refreshTokenItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    if (reasons === undefined) return 'ROTATED';
    const [used, session, fresh] = reasons;
    if (failedCondition(used) && used?.Item?.usedAt !== undefined) return 'ALREADY_USED';
    if (failedCondition(used) || failedCondition(session)) return 'ENDED';
    throw new Error(`Could not rotate a refresh token of session ${next.sessionId}: ${describeReasons([used, session, fresh])}`);
  }

  async revoke(userId: string, sessionId: string, now: Date): Promise<void> {
    // Refused when there is no such session: nothing to end.
    await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: sessionKey(userId, sessionId),
          // The first revocation's time stands.
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      ),
    );
  }

  async revokeOthers(userId: string, keepSessionId: string, now: Date): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :session)',
          FilterExpression: 'expiresAt > :now AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':session': SESSION_PREFIX, ':now': epochSeconds(now) },
          ProjectionExpression: 'sessionId',
          ExclusiveStartKey: startKey,
        }),
      );
      const others = Items.map((item) => String(item.sessionId)).filter((sessionId) => sessionId !== keepSessionId);
      // One at a time: a user has a few live sessions, and one with thousands should not burst the table.
      for (const sessionId of others) await this.revoke(userId, sessionId, now);
      startKey = LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}
