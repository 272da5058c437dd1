import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors.ts';
import { retrying } from '../retry.ts';

export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** DynamoDB cancels a transaction that races another on the same item; a short wait usually settles it. */
const CONFLICT_RETRIES = 4;

/** A transaction cancelled because it raced another on the same item: worth trying again. */
class TransactionRace extends Error {
  readonly reasons: CancellationReason[];
  constructor(reasons: CancellationReason[]) {
    super(`The table is busy: ${describeReasons(reasons)}`);
    this.reasons = reasons;
  }
}

/**
 * Runs a write transaction: undefined when it went through, else the reason for each item (in order)
 * why it was cancelled. Races are tried again (lib/retry.ts); a race that goes on is a TransientError.
 */
export async function transact(db: DynamoDBDocumentClient, items: TransactItems): Promise<CancellationReason[] | undefined> {
  const once = async (): Promise<CancellationReason[] | undefined> => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((reason) => reason.Code === 'TransactionConflict')) throw new TransactionRace(reasons);
      return reasons;
    }
  };
  try {
    return await retrying(once, { when: (error) => error instanceof TransactionRace, retries: CONFLICT_RETRIES, delayMs: 25 });
  } catch (error) {
    throw error instanceof TransactionRace ? new TransientError(error.message) : error;
  }
}

/** Why each item of a cancelled transaction failed, in order, for messages: `None, ConditionalCheckFailed`. */
export const describeReasons = (reasons: ReadonlyArray<CancellationReason | undefined>): string =>
  reasons.map((reason) => reason?.Code ?? 'None').join(', ');

export const failedCondition = (reason: CancellationReason | undefined): boolean => reason?.Code === 'ConditionalCheckFailed';
