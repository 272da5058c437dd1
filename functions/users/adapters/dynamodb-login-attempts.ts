import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { TransientError } from '../../../lib/errors.ts';
import { windowEnd, withFailure, type FailureWindow, type ThrottleKey, type ThrottlePolicy } from '../domain/login-throttle.ts';
import type { LoginAttempts } from '../ports.ts';
import { LOGIN_FROM_PREFIX, loginAttemptsKey, loginAttemptsPartition } from './users-table.ts';

/** Counts that lose every race to open a new window this often are given up (it would take a flood). */
const MAX_ROUNDS = 3;

/**
 * One counter item per throttle key. A failure is one conditional write in the usual case: it opens a
 * window where there is none, or adds one to a live window. Only an over window (its item not yet
 * deleted by TTL) takes a second write, which replaces it. Windows are judged by their start time,
 * never by whether TTL deleted the item.
 */
export class DynamoDbLoginAttempts implements LoginAttempts {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async failuresOf(key: ThrottleKey): Promise<FailureWindow | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: loginAttemptsKey(key), ConsistentRead: true }));
    return Item === undefined ? undefined : { failures: Number(Item.failures), startedAt: new Date(Number(Item.windowStartedAt)) };
  }

  async countFailure(key: ThrottleKey, now: Date, policy: ThrottlePolicy): Promise<void> {
    // A window is live while it started after this moment.
    const liveAfter = now.getTime() - policy.windowSeconds * 1000;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      if (await this.#addToLiveWindow(key, now, liveAfter, policy)) return;
      if (await this.#replaceOverWindow(key, now, liveAfter, policy)) return;
    }
    throw new TransientError('Failed logins from here are too busy to count; try again.');
  }

  async forget(key: ThrottleKey): Promise<boolean> {
    const { Attributes } = await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: loginAttemptsKey(key), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }

  async forgetEmail(email: string): Promise<number> {
    let forgotten = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :from)',
          ExpressionAttributeValues: { ':pk': loginAttemptsPartition(email), ':from': LOGIN_FROM_PREFIX },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: { pk: String(item.pk), sk: String(item.sk) } }));
        forgotten += 1;
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return forgotten;
  }

  /** Opens a window holding this failure where there is none, or adds it to a live one; false when the window is over. */
  async #addToLiveWindow(key: ThrottleKey, now: Date, liveAfter: number, policy: ThrottlePolicy): Promise<boolean> {
    const window = windowItem(withFailure(undefined, policy, now), policy);
    const counted = await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: loginAttemptsKey(key),
          // Sets the new window's fields where there is no item yet; only adds one to a live window.
          UpdateExpression:
            'SET failures = if_not_exists(failures, :none) + :one, windowStartedAt = if_not_exists(windowStartedAt, :now), ' +
            'expiresAt = if_not_exists(expiresAt, :expiresAt), #type = :type',
          ConditionExpression: 'attribute_not_exists(pk) OR windowStartedAt > :liveAfter',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':none': 0,
            ':one': 1,
            ':now': window.windowStartedAt,
            ':expiresAt': window.expiresAt,
            ':type': window.type,
            ':liveAfter': liveAfter,
          },
        }),
      ),
    );
    return counted !== undefined;
  }

  /** Replaces an over window with a new one holding this failure, unless another count just did (then false). */
  async #replaceOverWindow(key: ThrottleKey, now: Date, liveAfter: number, policy: ThrottlePolicy): Promise<boolean> {
    const counted = await unlessRefused(
      this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...loginAttemptsKey(key), ...windowItem(withFailure(undefined, policy, now), policy) },
          ConditionExpression: 'windowStartedAt <= :liveAfter',
          ExpressionAttributeValues: { ':liveAfter': liveAfter },
        }),
      ),
    );
    return counted !== undefined;
  }
}

/** A window's item, but for its key: kept by TTL until the window is over. */
function windowItem(window: FailureWindow, policy: ThrottlePolicy) {
  return {
    type: 'LoginAttempts',
    failures: window.failures,
    windowStartedAt: window.startedAt.getTime(),
    expiresAt: Math.ceil(windowEnd(window, policy).getTime() / 1000),
  };
}
