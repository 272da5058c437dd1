import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { describeReasons, failedCondition, transact, type TransactItems } from '../../../lib/aws/dynamodb-transact.ts';
import type { Reservation, ReservedReservation, StockLine } from '../domain/reservation.ts';
import type { ReserveAttempt, StockLedger } from '../ports.ts';
import { productKey, reservationKey } from './catalog-table.ts';

/** Decisions that hold no stock are kept long enough to answer any redelivery (SQS keeps a message 14 days at most). */
const KEEP_DECISIONS_SECONDS = 30 * 24 * 3600;

export class DynamoDbStockLedger implements StockLedger {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async find(orderId: string): Promise<Reservation | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: reservationKey(orderId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : reservationFromItem(Item);
  }

  async reserve(orderId: string, lines: readonly StockLine[], now: Date): Promise<ReserveAttempt> {
    const at = now.toISOString();
    const items: TransactItems = [
      ...lines.map((line) => ({
        Update: {
          TableName: this.#table,
          Key: productKey(line.productId),
          UpdateExpression: 'SET stock = stock - :quantity, #version = #version + :one, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND stock >= :quantity',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':quantity': line.quantity, ':one': 1, ':now': at },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      })),
      {
        Put: {
          TableName: this.#table,
          Item: { ...reservationKey(orderId), type: 'Reservation', orderId, status: 'RESERVED', lines, createdAt: at, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const reasons = await transact(this.#db, items);
    if (reasons === undefined) return { outcome: 'RESERVED' };
    if (failedCondition(reasons[lines.length])) return { outcome: 'ALREADY_DECIDED' };
    const short = lines.findIndex((_, index) => failedCondition(reasons[index]));
    const line = lines[short];
    if (line === undefined) throw new Error(`Reservation for order ${orderId} was cancelled for no stated reason.`);
    const item = reasons[short]?.Item;
    const known = item !== undefined && item.deletedAt === undefined;
    return { outcome: 'SHORT', reason: known ? 'INSUFFICIENT_STOCK' : 'UNKNOWN_PRODUCT', productId: line.productId };
  }

  async record(decision: Exclude<Reservation, ReservedReservation>, now: Date): Promise<Reservation> {
    const at = now.toISOString();
    const recorded = await unlessRefused(
      this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...reservationKey(decision.orderId),
            type: 'Reservation',
            ...decision,
            createdAt: at,
            updatedAt: at,
            expiresAt: Math.floor(now.getTime() / 1000) + KEEP_DECISIONS_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (recorded !== undefined) return decision;
    const standing = await this.find(decision.orderId);
    if (standing === undefined) throw new Error(`The decision for order ${decision.orderId} vanished.`);
    return standing;
  }

  async release(reservation: ReservedReservation, now: Date): Promise<void> {
    const at = now.toISOString();
    const items: TransactItems = [
      {
        Update: {
          TableName: this.#table,
          Key: reservationKey(reservation.orderId),
          UpdateExpression: 'SET #status = :released, updatedAt = :now, expiresAt = :expiresAt',
          ConditionExpression: '#status = :reserved',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':released': 'RELEASED',
            ':reserved': 'RESERVED',
            ':now': at,
            ':expiresAt': Math.floor(now.getTime() / 1000) + KEEP_DECISIONS_SECONDS,
          },
        },
      },
      ...reservation.lines.map((line) => ({
        Update: {
          TableName: this.#table,
          Key: productKey(line.productId),
          UpdateExpression: 'SET stock = stock + :quantity, #version = #version + :one, updatedAt = :now',
          // A deleted product keeps its item, so stock always has somewhere to go back to.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':quantity': line.quantity, ':one': 1, ':now': at },
        },
      })),
    ];
    const reasons = await transact(this.#db, items);
    if (reasons === undefined || failedCondition(reasons[0])) return; // released now, or by an earlier delivery
    throw new Error(`Could not give back the stock of order ${reservation.orderId}: ${describeReasons(reasons)}`);
  }
}

function reservationFromItem(item: Record<string, unknown>): Reservation {
  const { orderId, status, lines, reason, productId } = item;
  if (status === 'REJECTED') return { orderId, status, reason, ...(productId === undefined ? {} : { productId }) } as Reservation;
  return { orderId, status, lines } as Reservation;
}
