import { randomUUID } from 'node:crypto';
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../../lib/errors.ts';
import { startOrder } from '../domain/saga.ts';
import { DynamoDbOrderRepository } from './dynamodb-order-repository.ts';
import { orderItem, orderKey } from './orders-table.ts';

// DynamoDB may leave keys of a BatchGetItem unprocessed under load, which DynamoDB Local never does:
// this client answers a query with two orders' keys, and each of its first `times` BatchGetItems leaves
// the last key asked unprocessed.
const TABLE = 'orders';
const now = new Date('2030-01-01T00:00:00.000Z');
const timeouts = { stockSeconds: 30, paymentSeconds: 60, compensationSeconds: 20 };
const anOrder = () =>
  startOrder(
    { id: randomUUID(), customerId: 'c-1', customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 500 }] },
    { now, replyTo: 'replies', timeouts },
  ).order;

function clientLeavingUnprocessed(times: number) {
  const orders = [anOrder(), anOrder()];
  const items = orders.map((order) => orderItem(order, []));
  const batchGets: string[][] = [];
  let left = times;
  const send = async (command: unknown) => {
    if (command instanceof QueryCommand) return { Items: orders.map((order) => orderKey(order.id)) };
    if (!(command instanceof BatchGetCommand)) throw new Error('unexpected command');
    const keys = (command.input.RequestItems?.[TABLE]?.Keys ?? []).map(({ pk }) => String(pk));
    batchGets.push(keys);
    const stingy = left > 0;
    left -= 1;
    const answered = stingy ? keys.slice(0, -1) : keys;
    const unprocessed = stingy ? keys.slice(-1) : [];
    return {
      Responses: { [TABLE]: items.filter((item) => answered.includes(String(item.pk))) },
      UnprocessedKeys: unprocessed.length === 0 ? {} : { [TABLE]: { Keys: unprocessed.map((pk) => ({ pk })) } },
    };
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, orders, batchGets };
}

describe('DynamoDbOrderRepository, when DynamoDB leaves keys unprocessed', () => {
  it('asks again for the keys a BatchGetItem left, and gives every order found in the order of the query', async () => {
    const { client, orders, batchGets } = clientLeavingUnprocessed(1);

    const due = await new DynamoDbOrderRepository(client, TABLE).pastDeadline(new Date('2031-01-01T00:00:00.000Z'), 10);

    expect(due.map(({ order }) => order.id)).toEqual(orders.map(({ id }) => id));
    expect(batchGets).toHaveLength(2);
    expect(batchGets[1]).toEqual([`ORDER#${orders[1]?.id}`]);
  });

  it('gives up with a TransientError when keys stay unprocessed through every pause', async () => {
    const { client } = clientLeavingUnprocessed(Number.POSITIVE_INFINITY);

    await expect(new DynamoDbOrderRepository(client, TABLE).pastDeadline(new Date('2031-01-01T00:00:00.000Z'), 10)).rejects.toThrow(TransientError);
  });
});
