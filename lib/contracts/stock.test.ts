import { randomUUID } from 'node:crypto';
import { ReserveStockV1 } from './stock.ts';

const command = (items: Array<{ productId: string; quantity: number }>) => ({
  messageId: randomUUID(),
  type: 'ReserveStock',
  version: 1,
  occurredAt: new Date().toISOString(),
  correlationId: 'c-1',
  data: { orderId: randomUUID(), items, replyTo: 'replies' },
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
