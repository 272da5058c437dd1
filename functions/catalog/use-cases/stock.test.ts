import type { Product } from '../domain/product.ts';
import { aDraft, InMemoryProducts, InMemoryStockLedger, RecordingReplies, sequentialIds } from '../testing/in-memory.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { createProduct } from './create-product.ts';
import { releaseStock } from './release-stock.ts';
import { reserveStock } from './reserve-stock.ts';

const ORDER = '11111111-1111-4111-8111-111111111111';
const OTHER_ORDER = '22222222-2222-4222-8222-222222222222';
const UNKNOWN = '99999999-9999-4999-8999-999999999999';

async function setUp(stocks: number[]) {
  const products = new InMemoryProducts();
  const ledger = new InMemoryStockLedger(products);
  const replies = new RecordingReplies();
  const clock = new ManualClock('2026-11-22T10:00:00.000Z');
  const ids = sequentialIds();
  const created: Product[] = [];
  for (const stock of stocks) created.push(await createProduct({ products, clock, ids }, aDraft({ stock })));
  const stockOf = async (index: number) => (await products.find(created[index]?.id ?? ''))?.stock;
  return { products, ledger, replies, deps: { ledger, replies, clock }, ids: created.map((product) => product.id), stockOf };
}

describe('reserving stock for an order', () => {
  it('takes every line out of stock and answers StockReserved on the replyTo queue', async () => {
    const { deps, replies, ids, stockOf } = await setUp([5, 2]);
    const [teapot = '', kettle = ''] = ids;

    await reserveStock(deps, { orderId: ORDER, items: [{ productId: teapot, quantity: 3 }, { productId: kettle, quantity: 2 }], replyTo: 'orders-replies' });

    expect([await stockOf(0), await stockOf(1)]).toEqual([2, 0]);
    expect(replies.sent).toEqual([
      {
        replyTo: 'orders-replies',
        answer: { type: 'StockReserved', data: { orderId: ORDER, items: [{ productId: teapot, quantity: 3 }, { productId: kettle, quantity: 2 }] } },
      },
    ]);
  });

  it('reserves nothing when one line cannot be met, and names that product', async () => {
    const { deps, replies, ids, stockOf } = await setUp([5, 1]);
    const [teapot = '', kettle = ''] = ids;

    await reserveStock(deps, { orderId: ORDER, items: [{ productId: teapot, quantity: 3 }, { productId: kettle, quantity: 2 }], replyTo: 'r' });

    expect([await stockOf(0), await stockOf(1)]).toEqual([5, 1]);
    expect(replies.sent[0]?.answer).toEqual({ type: 'StockRejected', data: { orderId: ORDER, reason: 'INSUFFICIENT_STOCK', productId: kettle } });
  });

  it('rejects an unknown product', async () => {
    const { deps, replies } = await setUp([5]);

    await reserveStock(deps, { orderId: ORDER, items: [{ productId: UNKNOWN, quantity: 1 }], replyTo: 'r' });

    expect(replies.sent[0]?.answer).toEqual({ type: 'StockRejected', data: { orderId: ORDER, reason: 'UNKNOWN_PRODUCT', productId: UNKNOWN } });
  });

  it('reserves once per order: a repeated command takes nothing more and answers the same', async () => {
    const { deps, replies, ids, stockOf } = await setUp([5]);
    const command = { orderId: ORDER, items: [{ productId: ids[0] ?? '', quantity: 2 }], replyTo: 'r' };

    await reserveStock(deps, command);
    await reserveStock(deps, command);

    expect(await stockOf(0)).toBe(3);
    expect(replies.sent).toHaveLength(2);
    expect(replies.sent[1]).toEqual(replies.sent[0]);
  });

  it('keeps a rejection: the same order is refused again even after stock comes back', async () => {
    const { deps, replies, ids, products } = await setUp([1]);
    const command = { orderId: ORDER, items: [{ productId: ids[0] ?? '', quantity: 2 }], replyTo: 'r' };
    await reserveStock(deps, command);

    products.adjustStock(ids[0] ?? '', 10);
    await reserveStock(deps, command);

    expect(replies.sent.map(({ answer }) => answer.type)).toEqual(['StockRejected', 'StockRejected']);
  });

  it('gives the last unit to one of two orders only', async () => {
    const { deps, replies, ids, stockOf } = await setUp([1]);
    const line = [{ productId: ids[0] ?? '', quantity: 1 }];

    await Promise.all([
      reserveStock(deps, { orderId: ORDER, items: line, replyTo: 'r' }),
      reserveStock(deps, { orderId: OTHER_ORDER, items: line, replyTo: 'r' }),
    ]);

    expect(await stockOf(0)).toBe(0);
    expect(replies.sent.map(({ answer }) => answer.type).sort()).toEqual(['StockRejected', 'StockReserved']);
  });
});

describe('releasing an order\'s stock', () => {
  it('gives back exactly what the order holds, once', async () => {
    const { deps, replies, ids, stockOf } = await setUp([5]);
    const items = [{ productId: ids[0] ?? '', quantity: 2 }];
    await reserveStock(deps, { orderId: ORDER, items, replyTo: 'r' });

    await releaseStock(deps, { orderId: ORDER, replyTo: 'r' });
    await releaseStock(deps, { orderId: ORDER, replyTo: 'r' });

    expect(await stockOf(0)).toBe(5);
    expect(replies.sent.slice(1).map(({ answer }) => answer)).toEqual([
      { type: 'StockReleased', data: { orderId: ORDER, items } },
      { type: 'StockReleased', data: { orderId: ORDER, items } },
    ]);
  });

  it('gives nothing back for a rejected order', async () => {
    const { deps, replies, ids, stockOf } = await setUp([1]);
    await reserveStock(deps, { orderId: ORDER, items: [{ productId: ids[0] ?? '', quantity: 5 }], replyTo: 'r' });

    await releaseStock(deps, { orderId: ORDER, replyTo: 'r' });

    expect(await stockOf(0)).toBe(1);
    expect(replies.sent[1]?.answer).toEqual({ type: 'StockReleased', data: { orderId: ORDER, items: [] } });
  });

  it('bars a reservation that arrives after its order was released', async () => {
    const { deps, replies, ids, stockOf } = await setUp([5]);

    await releaseStock(deps, { orderId: ORDER, replyTo: 'r' });
    await reserveStock(deps, { orderId: ORDER, items: [{ productId: ids[0] ?? '', quantity: 1 }], replyTo: 'r' });

    expect(await stockOf(0)).toBe(5);
    expect(replies.sent.map(({ answer }) => answer)).toEqual([
      { type: 'StockReleased', data: { orderId: ORDER, items: [] } },
      { type: 'StockRejected', data: { orderId: ORDER, reason: 'ORDER_RELEASED' } },
    ]);
  });
});
