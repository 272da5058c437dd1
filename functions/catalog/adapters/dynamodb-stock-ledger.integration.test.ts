import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { newProduct } from '../domain/product.ts';
import { describeStockLedgerContract } from '../testing/stock-ledger.contract.ts';
import { productKey, reservationKey } from './catalog-table.ts';
import { DynamoDbProductRepository } from './dynamodb-product-repository.ts';
import { DynamoDbStockLedger } from './dynamodb-stock-ledger.ts';

const table = resourceName('catalog');
const products = new DynamoDbProductRepository(documents, table);
const ledger = new DynamoDbStockLedger(documents, table);
const now = new Date('2026-11-22T12:00:00.000Z');

describeStockLedgerContract('the DynamoDB stock ledger, against DynamoDB Local', () => ({ products, ledger }));

describe('the DynamoDB stock ledger\'s table layout', () => {
  it('gives stock back to a deleted product\'s item, which it keeps for that', async () => {
    const product = newProduct({ name: 'Mug', description: '', priceCents: 900, currency: 'EUR', category: 'layout', stock: 5 }, randomUUID(), now);
    await products.add(product);
    const orderId = randomUUID();
    await ledger.reserve(orderId, [{ productId: product.id, quantity: 2 }], now);
    await products.remove(product.id, 'any', now);

    await ledger.release({ orderId, status: 'RESERVED', lines: [{ productId: product.id, quantity: 2 }] }, now);

    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: productKey(product.id) }));
    expect(Item).toMatchObject({ stock: 5, deletedAt: now.toISOString() });
  });

  it('keeps a decision that holds no stock for 30 days (TTL), long after SQS could redeliver its command', async () => {
    const orderId = randomUUID();

    await ledger.record({ orderId, status: 'RELEASED', lines: [] }, now);

    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: reservationKey(orderId) }));
    expect(Item?.expiresAt).toBe(Math.floor(now.getTime() / 1000) + 30 * 24 * 3600);
  });
});
