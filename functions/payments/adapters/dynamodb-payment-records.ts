import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Payment } from '../domain/payment.ts';
import type { PaymentRecords } from '../ports.ts';

/** How long a decided payment is kept: long after SQS could redeliver any command for its order. */
const KEEP_SECONDS = 400 * 24 * 3600;

/**
 * One item per order in the payments table (key `orderId`). A move is one conditional put on the
 * status that was read, so of two racing deliveries one writes and the other reads what stands.
 */
export class DynamoDbPaymentRecords implements PaymentRecords {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  async find(orderId: string): Promise<Payment | undefined> {
    const { Item } = await this.#documents.send(new GetCommand({ TableName: this.#table, Key: { orderId }, ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const { expiresAt: _expiresAt, ...payment } = Item;
    return payment as Payment;
  }

  async move(current: Payment | undefined, next: Payment): Promise<Payment> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...next, expiresAt: Math.floor(Date.now() / 1000) + KEEP_SECONDS },
          ...(current === undefined
            ? { ConditionExpression: 'attribute_not_exists(orderId)' }
            : { ConditionExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':status': current.status } }),
        }),
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stands = await this.find(next.orderId);
      if (stands === undefined) throw new Error(`The payment of order ${next.orderId} vanished.`, { cause: error });
      return stands;
    }
  }
}
