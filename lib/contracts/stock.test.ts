import { randomUUID } from 'node:crypto';
import { ReleaseStockV1, ReserveStockV1, StockRejectedV1 } from './stock.ts';

const command = (items: Array<{ productId: string; quantity: number }>, orderId: string = randomUUID()) => ({
  messageId: randomUUID(),
  type: 'ReserveStock',
  version: 1,
  occurredAt: new Date().toISOString(),
  correlationId: 'c-1',
  data: { orderId, items, replyTo: 'replies' },
});

describe('the ReserveStock contract', () => {
  it('accepts one line per product', () => {
    expect(ReserveStockV1.safeParse(command([{ productId: randomUUID(), quantity: 1000 }, { productId: randomUUID(), quantity: 1 }])).success).toBe(true);
  });

  it('refuses a product named twice, whose total could exceed what an answer line may hold', () => {
    const productId = randomUUID();

    const result = ReserveStockV1.safeParse(command([{ productId, quantity: 600 }, { productId, quantity: 600 }]));

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['data', 'items'], message: 'must name each product once' });
  });
});

describe('ids in the stock contracts', () => {
  it('reads every id in any case as its lower-case form, so one order or product has one spelling', () => {
    const orderId = randomUUID();
    const productId = randomUUID();
    const base = command([{ productId: productId.toUpperCase(), quantity: 1 }], orderId.toUpperCase());
    const shouted = { ...base, messageId: base.messageId.toUpperCase() };

    const parsed = ReserveStockV1.parse(shouted);

    expect(parsed.data.orderId).toBe(orderId);
    expect(parsed.data.items[0]?.productId).toBe(productId);
    expect(parsed.messageId).toBe(shouted.messageId.toLowerCase());
    expect(ReleaseStockV1.parse({ ...shouted, type: 'ReleaseStock', data: { orderId: orderId.toUpperCase(), replyTo: 'r' } }).data.orderId).toBe(orderId);
    expect(
      StockRejectedV1.parse({ ...shouted, type: 'StockRejected', data: { orderId, reason: 'UNKNOWN_PRODUCT', productId: productId.toUpperCase() } }).data
        .productId,
    ).toBe(productId);
  });

  it('counts one product named in two cases as named twice', () => {
    const productId = randomUUID();

    const result = ReserveStockV1.safeParse(command([{ productId, quantity: 1 }, { productId: productId.toUpperCase(), quantity: 1 }]));

    expect(result.error?.issues[0]).toMatchObject({ path: ['data', 'items'], message: 'must name each product once' });
  });
});
