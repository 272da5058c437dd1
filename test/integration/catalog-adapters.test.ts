import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { productKey } from '../../functions/catalog/adapters/catalog-table.ts';
import { DynamoDbProductRepository } from '../../functions/catalog/adapters/dynamodb-product-repository.ts';
import { DynamoDbStockLedger } from '../../functions/catalog/adapters/dynamodb-stock-ledger.ts';
import { SqsStockReplies } from '../../functions/catalog/adapters/sqs-stock-replies.ts';
import { newProduct, type Product } from '../../functions/catalog/domain/product.ts';
import type { ReservedReservation } from '../../functions/catalog/domain/reservation.ts';
import { NotFoundError, PreconditionFailedError, TransientError } from '../../lib/errors.ts';
import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import { documents, receive, resourceName, sqs, temporaryQueue } from '../support/aws.ts';
import { untilDecided } from '../support/races.ts';

const table = resourceName('catalog');
const products = new DynamoDbProductRepository(documents, table);
const ledger = new DynamoDbStockLedger(documents, table);
const now = new Date('2026-11-22T12:00:00.000Z');

async function aProduct(stock: number): Promise<Product> {
  const product = newProduct(
    { name: 'Mug', description: '', priceCents: 900, currency: 'EUR', category: `adapter-${randomUUID().slice(0, 8)}`, stock },
    randomUUID(),
    now,
  );
  await products.add(product);
  return product;
}

/** Reserves `quantity` of the product for a new order and gives the reservation as stored. */
async function aReservation(productId: string, quantity: number): Promise<ReservedReservation> {
  const orderId = randomUUID();
  await ledger.reserve(orderId, [{ productId, quantity }], now);
  const reservation = await ledger.find(orderId);
  if (reservation?.status !== 'RESERVED') throw new Error('expected a reservation');
  return reservation;
}

describe('the DynamoDB stock ledger against DynamoDB Local', () => {
  it('lets exactly as many concurrent orders win as there are units', async () => {
    const product = await aProduct(3);

    // As a queue redelivers a record that failed for a transient reason, until it is decided.
    const attempts = await Promise.all(Array.from({ length: 8 }, () => untilDecided(() => ledger.reserve(randomUUID(), [{ productId: product.id, quantity: 1 }], now))));

    expect(attempts.filter((attempt) => attempt.outcome === 'RESERVED')).toHaveLength(3);
    expect(attempts.filter((attempt) => attempt.outcome === 'SHORT')).toHaveLength(5);
    expect((await products.find(product.id))?.stock).toBe(0);
  });

  it('takes all lines or none, and tells a missing product from a short one', async () => {
    const plenty = await aProduct(10);
    const scarce = await aProduct(1);

    const short = await ledger.reserve(randomUUID(), [{ productId: plenty.id, quantity: 2 }, { productId: scarce.id, quantity: 2 }], now);
    const unknown = await ledger.reserve(randomUUID(), [{ productId: randomUUID(), quantity: 1 }], now);

    expect(short).toEqual({ outcome: 'SHORT', reason: 'INSUFFICIENT_STOCK', productId: scarce.id });
    expect(unknown).toMatchObject({ outcome: 'SHORT', reason: 'UNKNOWN_PRODUCT' });
    expect((await products.find(plenty.id))?.stock).toBe(10);
  });

  it('treats a deleted product as unknown to new orders but still takes stock back from old ones', async () => {
    const product = await aProduct(5);
    const reserved = await aReservation(product.id, 2);
    await products.remove(product.id, 'any', now);

    const late = await ledger.reserve(randomUUID(), [{ productId: product.id, quantity: 1 }], now);
    await ledger.release(reserved, now);

    expect(late).toMatchObject({ outcome: 'SHORT', reason: 'UNKNOWN_PRODUCT' });
    expect(await ledger.find(reserved.orderId)).toMatchObject({ status: 'RELEASED' });
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: productKey(product.id) }));
    expect(Item).toMatchObject({ stock: 5, deletedAt: now.toISOString() });
  });

  it('reports a second reservation for the same order as already decided', async () => {
    const product = await aProduct(5);
    const orderId = randomUUID();

    const first = await ledger.reserve(orderId, [{ productId: product.id, quantity: 1 }], now);
    const second = await ledger.reserve(orderId, [{ productId: product.id, quantity: 1 }], now);

    expect([first.outcome, second.outcome]).toEqual(['RESERVED', 'ALREADY_DECIDED']);
    expect((await products.find(product.id))?.stock).toBe(4);
  });

  it('gives stock back once even when two releases race', async () => {
    const product = await aProduct(5);
    const reservation = await aReservation(product.id, 3);

    await Promise.all([ledger.release(reservation, now), ledger.release(reservation, now)].map((release) => release.catch((error: unknown) => {
      if (!(error instanceof TransientError)) throw error;
      return ledger.release(reservation, now);
    })));

    expect((await products.find(product.id))?.stock).toBe(5);
  });

  it('keeps the first decision recorded for an order', async () => {
    const orderId = randomUUID();

    const first = await ledger.record({ orderId, status: 'RELEASED', lines: [] }, now);
    const second = await ledger.record({ orderId, status: 'REJECTED', reason: 'INSUFFICIENT_STOCK', productId: randomUUID() }, now);

    expect(first).toEqual({ orderId, status: 'RELEASED', lines: [] });
    expect(second).toEqual(first);
  });
});

describe('the DynamoDB product repository against DynamoDB Local', () => {
  const later = new Date('2026-11-22T13:00:00.000Z');

  it('lets one of two writers based on the same version win; the other gets 412', async () => {
    const product = await aProduct(1);

    const results = await Promise.allSettled([
      products.revise(product.id, { name: 'A' }, [1], later),
      products.revise(product.id, { name: 'B' }, [1], later),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(PreconditionFailedError);
    expect(rejected?.status === 'rejected' && (rejected.reason as Error).message).toBe(
      `Product ${product.id} is at version 2; the request expected 1.`,
    );
  });

  it('revises in one write: answers the product as stored, one version on, and moves its index keys', async () => {
    const product = await aProduct(4);
    const category = `adapter-${randomUUID().slice(0, 8)}`;

    const revised = await products.revise(product.id, { name: 'Teapot', category, priceCents: 1500 }, [7, 1], later);

    const expected = { ...product, name: 'Teapot', category, priceCents: 1500, version: 2, updatedAt: later.toISOString() };
    expect(revised).toEqual(expected);
    expect(await products.find(product.id)).toEqual(expected);
    expect((await products.list({ category, limit: 5 })).items).toEqual([expected]);
    expect((await products.list({ category: product.category, limit: 5 })).items).toEqual([]);
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: productKey(product.id) }));
    expect(Item).toMatchObject({ gsi1pk: `CATEGORY#${category}`, gsi1sk: `teapot#${product.id}`, gsi2sk: `teapot#${product.id}` });
  });

  it('admits any version with If-Match *, and none when If-Match named no version of ours', async () => {
    const product = await aProduct(1);

    await expect(products.revise(product.id, { stock: 2 }, 'any', later)).resolves.toMatchObject({ stock: 2, version: 2 });
    await expect(products.revise(product.id, { stock: 3 }, [], later)).rejects.toThrow(PreconditionFailedError);
    await expect(products.remove(product.id, [], later)).rejects.toThrow(PreconditionFailedError);
    expect(await products.find(product.id)).toMatchObject({ stock: 2, version: 2 });
  });

  it('says not found when writing to a deleted or missing product, whatever the version', async () => {
    const product = await aProduct(1);
    await products.remove(product.id, [1], now);

    await expect(products.revise(product.id, { name: 'Back' }, [2], later)).rejects.toThrow(NotFoundError);
    await expect(products.revise(product.id, { name: 'Back' }, 'any', later)).rejects.toThrow(NotFoundError);
    await expect(products.remove(product.id, [2], later)).rejects.toThrow(NotFoundError);
    await expect(products.revise(randomUUID(), { name: 'Nobody' }, 'any', later)).rejects.toThrow(NotFoundError);
    expect(await products.find(product.id)).toBeUndefined();
  });
});

describe('the SQS stock replies against the SQS emulator', () => {
  const replies = new SqsStockReplies(new SqsMessagePublisher(sqs), { now: () => now });

  it('answers on the queue the command named, in the reply contract', async () => {
    const queue = await temporaryQueue('replies');
    try {
      const orderId = randomUUID();
      const channel = replies.to(queue.name);

      await channel.send({ type: 'StockReleased', data: { orderId, items: [] } });

      const [message] = await receive(queue.url, 1);
      expect(JSON.parse(String(message?.Body))).toMatchObject({ type: 'StockReleased', version: 1, occurredAt: now.toISOString(), data: { orderId, items: [] } });
    } finally {
      await queue.remove();
    }
  });

  it('fails on send, not before, when the queue named does not exist', async () => {
    // The queue is looked up when the channel opens; a failed lookup must surface only where it is awaited.
    const channel = replies.to(`no-such-queue-${randomUUID()}`);

    await expect(channel.send({ type: 'StockReleased', data: { orderId: randomUUID(), items: [] } })).rejects.toThrow();
  });
});
