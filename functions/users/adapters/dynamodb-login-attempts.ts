import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransientError } from '../../../lib/errors.ts';
import { isFull, windowEnd, type FailureWindow, type ThrottlePolicy } from '../domain/login-throttle.ts';
import type { AttemptClaim, LoginAttempts } from '../ports.ts';
import { loginAttemptsKey } from './users-table.ts';

/** Claims that lose every race to open a new window this often are given up (it would take a flood). */
const MAX_ROUNDS = 3;

/**
 * One counter item per email. A claim is one conditional write: add one to a live window that is not
 * full, or (when there is no window or it is over) put a new window with one attempt. Windows are
 * judged by their start time, never by whether TTL deleted the item.
 */
export class DynamoDbLoginAttempts implements LoginAttempts {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async claim(email: string, now: Date, policy: ThrottlePolicy): Promise<AttemptClaim> {
    // A window is live while it started after this moment.
    const liveAfter = now.getTime() - policy.windowSeconds * 1000;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const standing = await this.#addToLiveWindow(email, liveAfter, policy);
      if (standing === 'COUNTED') return { outcome: 'COUNTED' };
      if (standing !== undefined && isFull(standing, policy, now)) return { outcome: 'REFUSED', windowEndsAt: windowEnd(standing, policy) };
      if (await this.#openWindow(email, now, liveAfter, policy)) return { outcome: 'COUNTED' };
    }
    throw new TransientError('Login attempts for this email are too busy to count; try again.');
  }

  async clear(email: string): Promise<void> {
    await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: loginAttemptsKey(email) }));
  }

  /** COUNTED, or the window that stands in the way (full or over), or undefined when there is none. */
  async #addToLiveWindow(email: string, liveAfter: number, policy: ThrottlePolicy): Promise<'COUNTED' | FailureWindow | undefined> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: loginAttemptsKey(email),
          UpdateExpression: 'SET failures = failures + :one',
          ConditionExpression: 'windowStartedAt > :liveAfter AND failures < :max',
          ExpressionAttributeValues: { ':one': 1, ':liveAfter': liveAfter, ':max': policy.maxFailures },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'COUNTED';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The document client leaves the item of a failed condition in DynamoDB's own format.
      if (error.Item === undefined) return undefined;
      const { failures, windowStartedAt } = unmarshall(error.Item);
      return { failures: Number(failures), startedAt: new Date(Number(windowStartedAt)) };
    }
  }

  /** Starts a window holding this attempt, unless another claim just started one (then false). */
  async #openWindow(email: string, now: Date, liveAfter: number, policy: ThrottlePolicy): Promise<boolean> {
    const endsAt = windowEnd({ failures: 1, startedAt: now }, policy);
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...loginAttemptsKey(email),
            type: 'LoginAttempts',
            failures: 1,
            windowStartedAt: now.getTime(),
            expiresAt: Math.ceil(endsAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR windowStartedAt <= :liveAfter',
          ExpressionAttributeValues: { ':liveAfter': liveAfter },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
