/**
 * A customer's whole journey through the client (client/), as a storefront would make it: an order
 * placed once however often it is sent with its key, seen to its end, told about, and cancelled.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/aws.ts';
import { createProduct } from '../support/catalog.ts';
import { aCustomer, refusal } from '../support/client.ts';

describe('a customer, through the client', () => {
  it('places an order once per key, sees it confirmed and told, cancels it, and cannot cancel it twice', async () => {
    const product = await createProduct({ priceCents: 1250, stock: 4 });
    const { shop } = await aCustomer('Journey');
    const idempotencyKey = randomUUID();

    const placed = await shop.orders.place([{ productId: product.id, quantity: 2 }], { idempotencyKey });
    const again = await shop.orders.place([{ productId: product.id, quantity: 2 }], { idempotencyKey });
    const confirmed = await shop.orders.waitFor(placed.id, { timeoutMs: 30_000 });
    const mine = await shop.orders.list();
    const told = await eventually(async () => (await shop.notifications.list()).items.find((note) => note.orderId === placed.id), 20_000, 'the notification');
    await shop.orders.cancel(placed.id);
    const cancelled = await shop.orders.waitFor(placed.id, { state: 'CANCELLED', timeoutMs: 30_000 });
    const twice = await refusal(shop.orders.cancel(placed.id));

    expect(again.id).toBe(placed.id);
    expect(confirmed).toMatchObject({ state: 'CONFIRMED', totalCents: 2500, currency: 'EUR' });
    expect(mine.items.map(({ id }) => id)).toEqual([placed.id]);
    expect(told).toMatchObject({ type: 'OrderConfirmed' });
    expect(cancelled.state).toBe('CANCELLED');
    expect(twice).toMatchObject({ status: 409, type: 'urn:shop:problem:conflict' });
  });
});
