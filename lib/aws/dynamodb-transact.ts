import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors.ts';

export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** DynamoDB cancels a transaction that races another on the same item; a short wait usually settles it. */
const CONFLICT_RETRIES = 4;

/**
 * Runs a write transaction: undefined when it went through, else the reason for each item (in order)
 * why it was cancelled. Races are retried; a race that goes on is a TransientError.
 */
export async function transact(db: DynamoDBDocumentClient, items: TransactItems): Promise<CancellationReason[] | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (!reasons.some((reason) => reason.Code === 'TransactionConflict')) return reasons;
      if (attempt > CONFLICT_RETRIES) throw new TransientError(`The table is busy: ${describeReasons(reasons)}`);
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}

/** Why each item of a cancelled transaction failed, in order, for messages: `None, ConditionalCheckFailed`. */
export const describeReasons = (reasons: ReadonlyArray<CancellationReason | undefined>): string =>
  reasons.map((reason) => reason?.Code ?? 'None').join(', ');

export const failedCondition = (reason: CancellationReason | undefined): boolean => reason?.Code === 'ConditionalCheckFailed';
