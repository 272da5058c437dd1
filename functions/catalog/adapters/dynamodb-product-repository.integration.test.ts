import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { newProduct } from '../domain/product.ts';
import { describeProductRepositoryContract } from '../testing/product-repository.contract.ts';
import { productKey } from './catalog-table.ts';
import { DynamoDbProductRepository } from './dynamodb-product-repository.ts';

const table = resourceName('catalog');
const products = new DynamoDbProductRepository(documents, table);

describeProductRepositoryContract('the DynamoDB product repository, against DynamoDB Local', () => products);

describe('the DynamoDB product repository\'s table layout', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');

  it('moves a product\'s index keys with its name and category, and drops them when it is deleted', async () => {
    const product = newProduct({ name: 'Mug', description: '', priceCents: 900, currency: 'EUR', category: 'layout', stock: 1 }, randomUUID(), now);
    await products.add(product);
    const category = `layout-${randomUUID().slice(0, 8)}`;

    await products.revise(product.id, { name: 'Teapot', category }, 'any', now);
    const revised = await documents.send(new GetCommand({ TableName: table, Key: productKey(product.id) }));
    await products.remove(product.id, 'any', now);
    const deleted = await documents.send(new GetCommand({ TableName: table, Key: productKey(product.id) }));

    expect(revised.Item).toMatchObject({ gsi1pk: `CATEGORY#${category}`, gsi1sk: `teapot#${product.id}`, gsi2sk: `teapot#${product.id}` });
    expect(deleted.Item).toMatchObject({ deletedAt: now.toISOString(), version: 3 });
    expect(Object.keys(deleted.Item ?? {}).filter((key) => key.startsWith('gsi'))).toEqual([]);
  });
});
