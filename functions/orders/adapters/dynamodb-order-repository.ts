import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { ConflictError, TransientError } from '../../../lib/errors.ts';
import { retrying } from '../../../lib/retry.ts';
import type { Order, OrderState } from '../domain/order.ts';
import { OrderMovedOnError, type OrderPage, type OrderRepository, type OutboxMessage, type StoredOrder } from '../ports.ts';
import { decodeOrderCursor, encodeOrderCursor, latestListing } from './order-cursor.ts';
import {
  BY_CUSTOMER,
  BY_STATE,
  BY_TIME,
  customerPartition,
  OPEN_BY_DEADLINE,
  OPEN_PARTITION,
  orderItem,
  orderKey,
  OUTBOX_PARTITION,
  statePartitions,
  storedOrderFromItem,
  timePartitions,
  UNSENT_BY_AGE,
} from './orders-table.ts';

/** BatchGetItem's limit per call, and how often to ask again for keys it left unprocessed. */
const BATCH_GET_KEYS = 100;
const UNPROCESSED_RETRIES = 5;

/**
 * Orders in DynamoDB (orders-table.ts has the layout): every write is one conditional PutItem or
 * UpdateItem, no transaction. The indexes hold keys only, so each query is followed by a read of the
 * orders it found.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async add(order: Order, outbox: readonly OutboxMessage[]): Promise<void> {
    const added = await unlessRefused(
      this.#db.send(new PutCommand({ TableName: this.#table, Item: orderItem(order, outbox), ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    if (added === undefined) throw new ConflictError(`There is an order ${order.id} already.`);
  }

  async find(id: string): Promise<StoredOrder | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: orderKey(id), ConsistentRead: true }));
    return Item === undefined ? undefined : storedOrderFromItem(Item);
  }

  async save(order: Order, expected: Pick<Order, 'state' | 'version'>, outbox: readonly OutboxMessage[]): Promise<void> {
    const saved = await unlessRefused(
      this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: orderItem(order, outbox),
          ConditionExpression: '#state = :state AND #version = :version',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
          ExpressionAttributeValues: { ':state': expected.state, ':version': expected.version },
        }),
      ),
    );
    if (saved === undefined) throw new OrderMovedOnError(`Order ${order.id} moved on from ${expected.state} v${expected.version}; read it again.`);
  }

  async clearOutbox(id: string, version: number): Promise<void> {
    // Refused when a newer write carried these messages on: that one sends and clears them.
    await unlessRefused(
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: orderKey(id),
          UpdateExpression: 'SET outbox = :empty REMOVE outboxPk, outboxSince',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':empty': [], ':version': version },
        }),
      ),
    );
  }

  async listByCustomer(customerId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<OrderPage> {
    const after = cursor === undefined ? undefined : decodeOrderCursor(cursor, customerId);
    const partition = customerPartition(customerId);
    const { Items = [], LastEvaluatedKey } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: BY_CUSTOMER,
        KeyConditionExpression: 'customerPk = :partition',
        ExpressionAttributeValues: { ':partition': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey:
          after === undefined ? undefined : { ...orderKey(after.i), customerPk: partition, customerSk: `${after.p}#${after.i}` },
      }),
    );
    const items = (await this.#read(Items)).map(({ order }) => order);
    const last = items.at(-1);
    return LastEvaluatedKey === undefined || last === undefined
      ? { items }
      : { items, nextCursor: encodeOrderCursor({ c: customerId, p: last.placedAt, i: last.id }) };
  }

  async latest({ state, limit, cursor }: { state?: OrderState; limit: number; cursor?: string }): Promise<OrderPage> {
    const listing = latestListing(state);
    const after = cursor === undefined ? undefined : decodeOrderCursor(cursor, listing);
    // Every state is byTime's shards; one state is that state's shards of byState. Both sort by stateSk.
    const { index, key, partitions } = state === undefined ? { index: BY_TIME, key: 'timePk', partitions: timePartitions() } : { index: BY_STATE, key: 'statePk', partitions: statePartitions(state) };
    // Each partition's newest `limit` (before the cursor), merged: the page is the newest `limit` of them all.
    const answers = await Promise.all(
      partitions.map((partition) =>
        this.#db.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: index,
            KeyConditionExpression: after === undefined ? '#partition = :partition' : '#partition = :partition AND stateSk < :after',
            ExpressionAttributeNames: { '#partition': key },
            ExpressionAttributeValues: { ':partition': partition, ...(after === undefined ? {} : { ':after': `${after.p}#${after.i}` }) },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      ),
    );
    // An order that moved between two partitions' reads is in both: once is enough.
    const found = [...new Map(answers.flatMap(({ Items = [] }) => Items).map((key) => [String(key.pk), key])).values()];
    const page = found.sort((a, b) => (String(a.stateSk) < String(b.stateSk) ? 1 : -1)).slice(0, limit);
    const more = found.length > limit || answers.some(({ LastEvaluatedKey }) => LastEvaluatedKey !== undefined);
    // Read as they are now: one that left the state since the index was read is left out.
    const items = (await this.#read(page)).map(({ order }) => order).filter((order) => state === undefined || order.state === state);
    const [placedAt, id] = String(page.at(-1)?.stateSk ?? '').split('#');
    return more && placedAt !== undefined && id !== undefined ? { items, nextCursor: encodeOrderCursor({ c: listing, p: placedAt, i: id }) } : { items };
  }

  async pastDeadline(now: Date, limit: number): Promise<StoredOrder[]> {
    const { Items = [] } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: OPEN_BY_DEADLINE,
        KeyConditionExpression: 'openPk = :open AND deadline <= :now',
        ExpressionAttributeValues: { ':open': OPEN_PARTITION, ':now': now.toISOString() },
        Limit: limit,
      }),
    );
    // An order may have moved on since the index was read.
    const until = now.toISOString();
    return (await this.#read(Items)).filter(({ order: { deadline } }) => deadline !== undefined && deadline <= until);
  }

  async withUnsentMessages(before: Date, limit: number): Promise<StoredOrder[]> {
    const { Items = [] } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: UNSENT_BY_AGE,
        KeyConditionExpression: 'outboxPk = :outbox AND outboxSince <= :before',
        ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION, ':before': before.toISOString() },
        Limit: limit,
      }),
    );
    return (await this.#read(Items)).filter(({ outbox }) => outbox.length > 0);
  }

  /** The orders an index query found (its items hold keys only), read by key, in the query's order. */
  async #read(keys: ReadonlyArray<Record<string, unknown>>): Promise<StoredOrder[]> {
    const items: Array<Record<string, unknown>> = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      items.push(...(await this.#batchGet(keys.slice(start, start + BATCH_GET_KEYS).map(({ pk }) => ({ pk })))));
    }
    const byKey = new Map(items.map((item) => [item.pk, item]));
    return keys.flatMap(({ pk }) => {
      const item = byKey.get(pk);
      return item === undefined ? [] : [storedOrderFromItem(item)];
    });
  }

  /** A BatchGetItem, asked again after a pause for the keys DynamoDB left unprocessed (it does under load). */
  async #batchGet(keys: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
    const found: Array<Record<string, unknown>> = [];
    let pending = keys;
    try {
      await retrying(
        async () => {
          const { Responses, UnprocessedKeys } = await this.#db.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: pending, ConsistentRead: true } } }));
          found.push(...(Responses?.[this.#table] ?? []));
          pending = UnprocessedKeys?.[this.#table]?.Keys ?? [];
          if (pending.length > 0) throw new UnprocessedKeysError();
        },
        { when: (error) => error instanceof UnprocessedKeysError, retries: UNPROCESSED_RETRIES, delayMs: 50 },
      );
    } catch (error) {
      if (error instanceof UnprocessedKeysError) throw new TransientError(`${pending.length} orders could not be read from ${this.#table}; try again.`);
      throw error;
    }
    return found;
  }
}

/** DynamoDB left some keys of a batch read unprocessed: they are asked for again. */
class UnprocessedKeysError extends Error {}
