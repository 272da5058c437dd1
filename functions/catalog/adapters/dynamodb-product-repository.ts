import { Buffer } from 'node:buffer';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { once } from '../../../lib/once.ts';
import * as z from '../../../lib/zod.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { staleVersion, type Product, type ProductChanges, type VersionPrecondition } from '../domain/product.ts';
import type { ProductPage, ProductQuery, ProductRepository } from '../ports.ts';
import {
  ALL_PRODUCTS_PARTITION,
  BY_CATEGORY,
  BY_NAME,
  categoryPartition,
  nameSortKey,
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

/** What a revision may change. */
const EDITABLE = ['name', 'description', 'priceCents', 'currency', 'category', 'stock'] as const;
const INDEX_KEYS = [BY_CATEGORY.pk, BY_CATEGORY.sk, BY_NAME.pk, BY_NAME.sk];

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

  async revise(id: string, changes: ProductChanges, expected: VersionPrecondition, now: Date): Promise<Product> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':one': 1, ':now': now.toISOString() };
    const sets = ['#version = #version + :one', 'updatedAt = :now'];
    for (const field of EDITABLE) {
      if (changes[field] === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = changes[field];
      sets.push(`#${field} = :${field}`);
    }
    // The index keys follow the name and the category (catalog-table.ts).
    if (changes.name !== undefined) {
      values[':nameKey'] = nameSortKey({ id, name: changes.name });
      sets.push(`${BY_CATEGORY.sk} = :nameKey`, `${BY_NAME.sk} = :nameKey`);
    }
    if (changes.category !== undefined) {
      values[':categoryKey'] = categoryPartition(changes.category);
      sets.push(`${BY_CATEGORY.pk} = :categoryKey`);
    }
    const { Attributes } = await this.#conditionally(id, expected, names, values, (condition) =>
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: productKey(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (Attributes === undefined) throw new Error(`Revising product ${id} returned no item.`);
    return productFromItem(Attributes);
  }

  async remove(id: string, expected: VersionPrecondition, now: Date): Promise<void> {
    const names = { '#version': 'version' };
    const values: Record<string, unknown> = { ':now': now.toISOString(), ':one': 1 };
    await this.#conditionally(id, expected, names, values, (condition) =>
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: productKey(id),
          UpdateExpression: `SET deletedAt = :now, updatedAt = :now, #version = #version + :one REMOVE ${INDEX_KEYS.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  /**
   * Runs a write on the condition that the product is live and at a version `expected` admits (adding
   * what the condition needs to `values`), and tells "gone" (404) from "at another version" (412) by
   * the item as it was, which the failed write returns.
   */
  async #conditionally<T>(
    id: string,
    expected: VersionPrecondition,
    names: Record<string, string>,
    values: Record<string, unknown>,
    write: (condition: string) => Promise<T>,
  ): Promise<T> {
    let condition = 'attribute_exists(pk) AND attribute_not_exists(deletedAt)';
    if (expected !== 'any') {
      // Versions start at 1: an If-Match that names none of ours matches nothing, as version 0.
      const versions = expected.length === 0 ? [0] : expected;
      versions.forEach((version, n) => (values[`:expected${n}`] = version));
      condition += ` AND #version IN (${versions.map((_, n) => `:expected${n}`).join(', ')})`;
      names['#version'] = 'version';
    }
    try {
      return await write(condition);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The item as it was comes in the low-level form even through the DocumentClient.
      const item = error.Item === undefined ? undefined : unmarshall(error.Item);
      // With any version admitted, only a missing or deleted product fails the condition.
      if (item === undefined || item.deletedAt !== undefined || expected === 'any') throw new NotFoundError(`There is no product ${id}.`);
      throw staleVersion(id, Number(item.version), expected);
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
