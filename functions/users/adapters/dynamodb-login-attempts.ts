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
 * One counter item per email. A claim is one conditional write in the usual case: it opens a window
 * holding this attempt where there is none, or adds one to a live window that is not full. Only an
 * over window (its item not yet deleted by TTL) takes a second write, which replaces it. Windows are
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
      const standing = await this.#count(email, now, liveAfter, policy);
      if (standing === 'COUNTED') return { outcome: 'COUNTED' };
      if (isFull(standing, policy, now)) return { outcome: 'REFUSED', windowEndsAt: windowEnd(standing, policy) };
      if (await this.#replaceOverWindow(email, now, liveAfter, policy)) return { outcome: 'COUNTED' };
    }
    throw new TransientError('Login attempts for this email are too busy to count; try again.');
  }

  async clear(email: string): Promise<void> {
    await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: loginAttemptsKey(email) }));
  }

  /**
   * COUNTED: a new window holds this attempt, or a live one that was not full does now. Otherwise the
   * window that stands in the way: full, or over.
   */
  async #count(email: string, now: Date, liveAfter: number, policy: ThrottlePolicy): Promise<'COUNTED' | FailureWindow> {
    const window = newWindow(now, policy);
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: loginAttemptsKey(email),
          // Sets the new window's fields where there is no item yet; only adds one to a live window.
          UpdateExpression:
            'SET failures = if_not_exists(failures, :none) + :one, windowStartedAt = if_not_exists(windowStartedAt, :now), ' +
            'expiresAt = if_not_exists(expiresAt, :expiresAt), #type = :type',
          ConditionExpression: 'attribute_not_exists(pk) OR (windowStartedAt > :liveAfter AND failures < :max)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':none': 0,
            ':one': 1,
            ':now': window.windowStartedAt,
            ':expiresAt': window.expiresAt,
            ':type': window.type,
            ':liveAfter': liveAfter,
            ':max': policy.maxFailures,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'COUNTED';
    } catch (error) {
      // The condition holds wherever there is no item, so a failed one always names the item.
      if (!(error instanceof ConditionalCheckFailedException) || error.Item === undefined) throw error;
      // The document client leaves the item of a failed condition in DynamoDB's own format.
      const { failures, windowStartedAt } = unmarshall(error.Item);
      return { failures: Number(failures), startedAt: new Date(Number(windowStartedAt)) };
    }
  }

  /** Replaces an over window with a new one holding this attempt, unless another claim just did (then false). */
  async #replaceOverWindow(email: string, now: Date, liveAfter: number, policy: ThrottlePolicy): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...loginAttemptsKey(email), ...newWindow(now, policy) },
          ConditionExpression: 'windowStartedAt <= :liveAfter',
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

/** A window's item, but for its key: one failure, from now, kept by TTL until the window is over. */
function newWindow(now: Date, policy: ThrottlePolicy) {
  const endsAt = windowEnd({ failures: 1, startedAt: now }, policy);
  return { type: 'LoginAttempts', failures: 1, windowStartedAt: now.getTime(), expiresAt: Math.ceil(endsAt.getTime() / 1000) };
}
