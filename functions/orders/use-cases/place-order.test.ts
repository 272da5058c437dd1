import { randomUUID } from 'node:crypto';
import { TooManyRequestsError, TransientError, UnprocessableError } from '../../../lib/errors.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { InMemoryCallerLimits, InMemoryCatalog, InMemoryIdempotentRequests, InMemoryOrders, RecordingSender } from '../testing/in-memory.ts';
import { placeOrder, type PlaceOrderDeps } from './place-order.ts';

const ada = { userId: 'u-ada', email: 'ada@example.com' };
const bob = { userId: 'u-bob', email: 'bob@example.com' };

function setUp() {
  const clock = new ManualClock('2026-12-01T10:00:00.000Z');
  const orders = new InMemoryOrders();
  const sender = new RecordingSender();
  const catalog = new InMemoryCatalog();
  const deps: PlaceOrderDeps = {
    orders,
    sender,
    catalog,
    idempotency: new InMemoryIdempotentRequests(),
    limits: new InMemoryCallerLimits(clock, 100),
    backlog: { overloaded: async () => false },
    clock,
    metrics: { transitioned: () => {} },
    saga: { replyTo: 'shop-test-orders-replies', timeouts: { stockSeconds: 60, paymentSeconds: 120, compensationSeconds: 60 } },
  };
  const teapot = catalog.add({ id: randomUUID(), priceCents: 2500, currency: 'EUR' });
  const cup = catalog.add({ id: randomUUID(), priceCents: 450, currency: 'EUR' });
  const sentTypes = () => sender.sent.map(({ type }) => type);
  return { deps, orders, sender, catalog, teapot, cup, sentTypes };
}

async function refusal(promise: Promise<unknown>): Promise<UnprocessableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UnprocessableError)) throw new Error(`Expected an UnprocessableError, got ${String(error)}`);
  return error;
}

describe('placing an order', () => {
  it('prices each line at the catalog\'s price, keeps the customer\'s email, and starts the saga with ReserveStock', async () => {
    const { deps, teapot, cup, sender } = setUp();

    const order = await placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 2 }, { productId: cup.id, quantity: 3 }] });

    expect(order).toMatchObject({
      customerId: ada.userId,
      customerEmail: ada.email,
      state: 'PENDING',
      currency: 'EUR',
      totalCents: 2 * 2500 + 3 * 450,
      lines: [
        { productId: teapot.id, quantity: 2, unitPriceCents: 2500 },
        { productId: cup.id, quantity: 3, unitPriceCents: 450 },
      ],
      history: [{ state: 'PENDING', by: 'customer' }],
    });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({
      type: 'ReserveStock',
      data: { orderId: order.id, items: [{ productId: teapot.id, quantity: 2 }, { productId: cup.id, quantity: 3 }], replyTo: 'shop-test-orders-replies' },
    });
  });

  it('gives the same answer to the same key and items however often they come, and places one order', async () => {
    const { deps, orders, teapot, sentTypes } = setUp();
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };

    const answers = await Promise.all([placeOrder(deps, ada, 'key-00000001', request), placeOrder(deps, ada, 'key-00000001', request)]);
    const later = await placeOrder(deps, ada, 'key-00000001', request);

    expect(answers[1]).toEqual(answers[0]);
    expect(later).toEqual(answers[0]);
    expect(orders.stored.size).toBe(1);
    expect(sentTypes()).toEqual(['ReserveStock']);
  });

  it('refuses the same key with other items (422 naming the header), and places nothing more', async () => {
    const { deps, orders, teapot, cup } = setUp();
    await placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }] });

    const error = await refusal(placeOrder(deps, ada, 'key-00000001', { items: [{ productId: cup.id, quantity: 1 }] }));

    expect(error.fieldErrors.map(({ field }) => field)).toEqual(['headers.idempotency-key']);
    expect(error.fieldErrors[0]?.reason).toContain('another order');
    expect(orders.stored.size).toBe(1);
  });

  it('keeps keys apart by customer: two customers\' same key are two orders', async () => {
    const { deps, orders, teapot } = setUp();
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };

    const mine = await placeOrder(deps, ada, 'key-00000001', request);
    const theirs = await placeOrder(deps, bob, 'key-00000001', request);

    expect(theirs.id).not.toBe(mine.id);
    expect(orders.stored.size).toBe(2);
  });

  it('refuses a product the catalog does not sell, naming its line, and creates and sends nothing', async () => {
    const { deps, orders, teapot, sentTypes } = setUp();
    const unknown = randomUUID();

    const error = await refusal(placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }, { productId: unknown, quantity: 1 }] }));

    expect(error.fieldErrors.map(({ field }) => field)).toEqual(['items.1.productId']);
    expect(error.fieldErrors[0]?.reason).toContain(unknown);
    expect(orders.stored.size).toBe(0);
    expect(sentTypes()).toEqual([]);
  });

  it('refuses products sold in different currencies', async () => {
    const { deps, orders, catalog, teapot } = setUp();
    const dollars = catalog.add({ id: randomUUID(), priceCents: 100, currency: 'USD' });

    const error = await refusal(placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }, { productId: dollars.id, quantity: 1 }] }));

    expect(error.fieldErrors.map(({ field }) => field)).toEqual(['items']);
    expect(error.fieldErrors[0]?.reason).toContain('EUR, USD');
    expect(orders.stored.size).toBe(0);
  });

  it('fails with a TransientError (503) when the catalog cannot price a line, and a retry under the key places the order', async () => {
    const { deps, orders, catalog, teapot } = setUp();
    catalog.unavailable.add(teapot.id);
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };

    await expect(placeOrder(deps, ada, 'key-00000001', request)).rejects.toThrow(TransientError);
    const storedWhileDown = orders.stored.size;
    catalog.unavailable.clear();
    const order = await placeOrder(deps, ada, 'key-00000001', request);

    expect(storedWhileDown).toBe(0);
    expect(order.state).toBe('PENDING');
  });

  it('answers a retry after a failed send with the order it stored, and sends its ReserveStock then', async () => {
    const { deps, orders, sender, teapot, sentTypes } = setUp();
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };
    sender.failing.add('catalog');

    await expect(placeOrder(deps, ada, 'key-00000001', request)).rejects.toThrow(TransientError);
    sender.failing.clear();
    const order = await placeOrder(deps, ada, 'key-00000001', request);

    expect(orders.stored.size).toBe(1);
    expect((await orders.find(order.id))?.outbox).toEqual([]);
    expect(sentTypes()).toEqual(['ReserveStock']);
  });

  it('finds the order a key placed even once its idempotency record is gone, and still refuses other items under it', async () => {
    const { deps, orders, teapot, cup, catalog } = setUp();
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };
    const first = await placeOrder(deps, ada, 'key-00000001', request);
    catalog.add({ ...teapot, priceCents: 9999 });
    const forgetful = { ...deps, idempotency: new InMemoryIdempotentRequests() };

    const again = await placeOrder(forgetful, ada, 'key-00000001', request);
    const other = await refusal(placeOrder({ ...deps, idempotency: new InMemoryIdempotentRequests() }, ada, 'key-00000001', { items: [{ productId: cup.id, quantity: 1 }] }));

    expect(again.id).toBe(first.id);
    expect(again.lines[0]?.unitPriceCents).toBe(2500);
    expect(other.fieldErrors[0]?.field).toBe('headers.idempotency-key');
    expect(orders.stored.size).toBe(1);
  });
});

describe('what an order is placed with', () => {
  it('gives the same answer to the same key with the same lines in another order', async () => {
    const { deps, orders, teapot, cup } = setUp();

    const first = await placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }, { productId: cup.id, quantity: 2 }] });
    const again = await placeOrder(deps, ada, 'key-00000001', { items: [{ productId: cup.id, quantity: 2 }, { productId: teapot.id, quantity: 1 }] });

    expect(again).toEqual(first);
    expect(orders.stored.size).toBe(1);
  });

  it('keeps the customer\'s payment method for the charge', async () => {
    const { deps, teapot } = setUp();

    const order = await placeOrder(deps, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }], paymentMethod: 'pm_card_mastercard' });

    expect(order.paymentMethod).toBe('pm_card_mastercard');
  });
});

describe('pushing back', () => {
  it('refuses a customer past their share of placements for a while (429 with Retry-After), and still takes others\' orders', async () => {
    const { deps, orders, teapot } = setUp();
    const limits = new InMemoryCallerLimits(deps.clock, 3);
    const limited = { ...deps, limits };
    const request = { items: [{ productId: teapot.id, quantity: 1 }] };

    for (let n = 1; n <= 3; n += 1) await placeOrder(limited, ada, `key-0000000${n}`, request);
    const replay = await placeOrder(limited, ada, 'key-00000001', request);
    const refused = await placeOrder(limited, ada, 'key-00000004', request).catch((error: unknown) => error);
    const others = await placeOrder(limited, bob, 'key-00000004', request);

    expect(replay.state).toBe('PENDING');
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);
    expect(others.state).toBe('PENDING');
    expect(orders.stored.size).toBe(4);
  });

  it('refuses new orders with a 503 and Retry-After while the saga has more waiting than it can finish in time, storing nothing', async () => {
    const { deps, orders, teapot, catalog } = setUp();
    const backlog = { overloaded: async () => true };

    const refused = await placeOrder({ ...deps, backlog }, ada, 'key-00000001', { items: [{ productId: teapot.id, quantity: 1 }] }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(TransientError);
    expect((refused as TransientError).retryAfterSeconds).toBeGreaterThan(1);
    expect(orders.stored.size).toBe(0);
    expect(catalog.calls).toBe(0);
  });
});
