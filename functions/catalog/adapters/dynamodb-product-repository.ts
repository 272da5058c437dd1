import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { unlessRefused } from '../../../lib/aws/conditional-write.ts';
import { assignments } from '../../../lib/aws/dynamodb-expressions.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
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
import { decodeCursor, encodeCursor } from './product-cursor.ts';

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
    const added = await unlessRefused(
      this.#db.send(new PutCommand({ TableName: this.#table, Item: productItem(product), ConditionExpression: 'attribute_not_exists(pk)' })),
    );
    if (added === undefined) throw new ConflictError(`There is a product ${product.id} already.`);
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
    const fields: Record<string, unknown> = { updatedAt: now.toISOString() };
    for (const field of EDITABLE) if (changes[field] !== undefined) fields[field] = changes[field];
    // The index keys follow the name and the category (catalog-table.ts).
    if (changes.name !== undefined) fields[BY_CATEGORY.sk] = fields[BY_NAME.sk] = nameSortKey({ id, name: changes.name });
    if (changes.category !== undefined) fields[BY_CATEGORY.pk] = categoryPartition(changes.category);
    const { set, names, values } = assignments(fields);
    const live = liveAt(expected);
    const { Attributes } = await this.#conditionally(id, expected, () =>
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: productKey(id),
          UpdateExpression: `SET #version = #version + :one, ${set.join(', ')}`,
          ConditionExpression: live.condition,
          ExpressionAttributeNames: { ...names, '#version': 'version' },
          ExpressionAttributeValues: { ...values, ...live.values, ':one': 1 },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (Attributes === undefined) throw new Error(`Revising product ${id} returned no item.`);
    return productFromItem(Attributes);
  }

  async remove(id: string, expected: VersionPrecondition, now: Date): Promise<void> {
    const live = liveAt(expected);
    await this.#conditionally(id, expected, () =>
      this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: productKey(id),
          UpdateExpression: `SET deletedAt = :now, updatedAt = :now, #version = #version + :one REMOVE ${INDEX_KEYS.join(', ')}`,
          ConditionExpression: live.condition,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ...live.values, ':now': now.toISOString(), ':one': 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
  }

  /**
   * Runs a write made on the condition `liveAt(expected)`, and tells "gone" (404) from "at another
   * version" (412) by the item as it was, which the failed write returns.
   */
  async #conditionally<T>(id: string, expected: VersionPrecondition, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
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

/** The condition of every change to a product: it is live, at a version `expected` admits (as `#version`). */
function liveAt(expected: VersionPrecondition): { condition: string; values: Record<string, number> } {
  const live = 'attribute_exists(pk) AND attribute_not_exists(deletedAt)';
  if (expected === 'any') return { condition: live, values: {} };
  // Versions start at 1: an If-Match that names none of ours matches nothing, as version 0.
  const versions = expected.length === 0 ? [0] : expected;
  const values = Object.fromEntries(versions.map((version, n) => [`:expected${n}`, version]));
  return { condition: `${live} AND #version IN (${Object.keys(values).join(', ')})`, values };
}

const idOf = (pk: string | undefined): string => String(pk).replace(/^PRODUCT#/, '');
