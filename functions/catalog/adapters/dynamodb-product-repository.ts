import { Buffer } from 'node:buffer';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../../../lib/once.ts';
import * as z from '../../../lib/zod.ts';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../../../lib/errors.ts';
import type { Product } from '../domain/product.ts';
import type { ProductPage, ProductQuery, ProductRepository } from '../ports.ts';
import {
  ALL_PRODUCTS_PARTITION,
  BY_CATEGORY,
  BY_NAME,
  categoryPartition,
  productFromItem,
  productItem,
  productKey,
} from './catalog-table.ts';

// What a cursor holds: where the last page ended, and for which category, so it cannot be replayed
// against another listing. Encoded as base64url JSON; clients treat it as opaque.
// Built on first use: only the listing reads cursors, and each product route bundles this repository.
const cursorSchema = /* @__PURE__ */ once(() =>
  z.strictObject({ c: z.nullable(z.string()), s: z.string().check(z.minLength(1), z.maxLength(1100)), i: z.uuid() }),
);
type Cursor = z.infer<ReturnType<typeof cursorSchema>>;

const LIVE_AT_VERSION = '#version = :expected AND attribute_not_exists(deletedAt)';

export class DynamoDbProductRepository implements ProductRepository {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.#db = db;
    this.#table = table;
  }

  async add(product: Product): Promise<void> {
    await this.#db.send(
      new PutCommand({ TableName: this.#table, Item: productItem(product), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async find(id: string): Promise<Product | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: productKey(id), ConsistentRead: true }));
    return Item === undefined || Item.deletedAt !== undefined ? undefined : productFromItem(Item);
  }

  async list({ category, limit, cursor }: ProductQuery): Promise<ProductPage> {
    const index = category === undefined ? BY_NAME : BY_CATEGORY;
    const partition = category === undefined ? ALL_PRODUCTS_PARTITION : categoryPartition(category);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, category ?? null);
    const { Items = [], LastEvaluatedKey } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :partition',
        ExpressionAttributeNames: { '#pk': index.pk },
        ExpressionAttributeValues: { ':partition': partition },
        Limit: limit,
        ExclusiveStartKey:
          after === undefined ? undefined : { ...productKey(after.i), [index.pk]: partition, [index.sk]: after.s },
      }),
    );
    const items = Items.map(productFromItem);
    const last = LastEvaluatedKey as Record<string, string> | undefined;
    return last === undefined
      ? { items }
      : { items, nextCursor: encodeCursor({ c: category ?? null, s: String(last[index.sk]), i: idOf(last.pk) }) };
  }

  async replace(product: Product, expectedVersion: number): Promise<void> {
    await this.#conditionally(product.id, () =>
      this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: productItem(product),
          ConditionExpression: LIVE_AT_VERSION,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  async remove(id: string, expectedVersion: number, now: Date): Promise<void> {
    await this.#conditionally(id, () =>
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: productKey(id),
          UpdateExpression: `SET deletedAt = :now, updatedAt = :now, #version = #version + :one REMOVE ${[
            BY_CATEGORY.pk,
            BY_CATEGORY.sk,
            BY_NAME.pk,
            BY_NAME.sk,
          ].join(', ')}`,
          ConditionExpression: LIVE_AT_VERSION,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion, ':now': now.toISOString(), ':one': 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  /** Runs a write conditional on version; tells "gone" (404) from "changed since" (412). */
  async #conditionally(id: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (error.Item === undefined || error.Item.deletedAt !== undefined) throw new NotFoundError(`There is no product ${id}.`);
      throw new PreconditionFailedError(`Product ${id} changed since it was read.`);
    }
  }
}

const idOf = (pk: string | undefined): string => String(pk).replace(/^PRODUCT#/, '');

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, category: string | null): Cursor {
  const refuse = (reason: string) => new ValidationError([{ field: 'query.cursor', reason }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not a cursor this API gave out');
  }
  const cursor = cursorSchema().safeParse(decoded);
  if (!cursor.success) throw refuse('is not a cursor this API gave out');
  if (cursor.data.c !== category) throw refuse('belongs to another listing (category)');
  return cursor.data;
}
