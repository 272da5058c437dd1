/**
 * The order saga end to end, over real HTTP and real queues: orders, the catalog, payments with the
 * local provider, and notifications with the local SES, all as `npm start` runs them.
 */
import { randomUUID } from 'node:crypto';
import { sesMailbox, sesUrl } from '../../functions/notifications/testing/ses-mailbox.ts';
import { api } from '../support/api.ts';
import { bearer, signUp, signUpAdmin, type Account } from '../support/auth.ts';
import { aCustomer, anAdmin, refusal } from '../support/client.ts';
import { eventually } from '../support/aws.ts';
import { createProduct, stockOf } from '../support/catalog.ts';
import { orderIn, orderOf, placeOrder, statesOf } from '../support/orders.ts';
import { chargesFor, setProviderFaults } from '../support/payments.ts';

let ada: Account;
beforeAll(async () => {
  ada = await signUp('Ada');
});
afterEach(async () => {
  await setProviderFaults({});
});

const ordersOf = async (account: Account) => (await api<{ items: unknown[] }>('GET', '/orders', { headers: bearer(account.accessToken) })).body.items;

describe('discovery', () => {
  it('answers GET /orders/health ready, and the registry lists orders with its URL, version and readiness', async () => {
    const admin = await signUpAdmin();

    const health = await api<{ ready: boolean }>('GET', '/orders/health');
    // The registry asks every service at once, each within a short timeout: on a busy machine one may
    // answer too late for a look, and is listed not ready until a later one.
    const orders = await eventually(async () => {
      const registry = await api<{ services: Array<{ name: string; url: string; version: string | null; health: string | null; ready: boolean }> }>('GET', '/registry', { headers: bearer(admin.accessToken) });
      const listed = registry.body.services.find(({ name }) => name === 'orders');
      return listed?.ready === true ? listed : undefined;
    }, 30_000, 'the registry to list orders ready');

    expect(health.status).toBe(200);
    expect(health.body.ready).toBe(true);
    expect(orders).toMatchObject({
      url: process.env.SHOP_API_URL,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
      health: `${process.env.SHOP_API_URL}/orders/health`,
      ready: true,
    });
  });
});

describe('placing an order', () => {
  it('answers 202 with Location and the PENDING order, priced by the catalog', async () => {
    const teapot = await createProduct({ stock: 5, priceCents: 2500 });

    const placed = await placeOrder(ada, [{ productId: teapot.id, quantity: 2 }]);

    expect(placed.status).toBe(202);
    expect(placed.headers.get('location')).toBe(`/orders/${placed.body.id}`);
    expect(placed.body).toMatchObject({ state: 'PENDING', customerId: ada.id, totalCents: 5000, currency: 'EUR', lines: [{ productId: teapot.id, quantity: 2, unitPriceCents: 2500 }] });
  });

  it('places one order for the same Idempotency-Key and body, sent five at once and then again, each answered alike', async () => {
    const account = await signUp('Repeater');
    const teapot = await createProduct({ stock: 20 });
    const key = randomUUID();
    const items = [{ productId: teapot.id, quantity: 1 }];

    const burst = await Promise.all(Array.from({ length: 5 }, () => placeOrder(account, items, key)));
    const later = await placeOrder(account, items, key);

    expect([...burst, later].map(({ status }) => status)).toEqual(Array(6).fill(202));
    for (const answer of [...burst, later]) expect(answer.body).toEqual(burst[0]?.body);
    expect(await ordersOf(account)).toHaveLength(1);
    await orderIn(account, later.body.id);
    expect(await stockOf(teapot.id)).toBe(19);
  });

  it('places five orders for five keys sent at once', async () => {
    const account = await signUp('Burst');
    const teapot = await createProduct({ stock: 20 });

    const placed = await Promise.all(Array.from({ length: 5 }, () => placeOrder(account, [{ productId: teapot.id, quantity: 1 }])));

    expect(placed.map(({ status }) => status)).toEqual(Array(5).fill(202));
    expect(new Set(placed.map(({ body }) => body.id)).size).toBe(5);
  });

  it('refuses the same Idempotency-Key with another body (422 naming the header), and places nothing more', async () => {
    const account = await signUp('Reuser');
    const teapot = await createProduct({ stock: 5 });
    const key = randomUUID();
    await placeOrder(account, [{ productId: teapot.id, quantity: 1 }], key);

    const reused = await placeOrder(account, [{ productId: teapot.id, quantity: 2 }], key);

    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(reused.body.errors?.map(({ field }) => field)).toEqual(['headers.idempotency-key']);
    expect(await ordersOf(account)).toHaveLength(1);
  });

  it('refuses a product the catalog does not sell (422 naming its line) and creates nothing', async () => {
    const account = await signUp('Unknown');
    const teapot = await createProduct({ stock: 5 });

    const refused = await placeOrder(account, [{ productId: teapot.id, quantity: 1 }, { productId: randomUUID(), quantity: 1 }]);

    expect(refused.status).toBe(422);
    expect(refused.body.errors?.map(({ field }) => field)).toEqual(['items.1.productId']);
    expect(await ordersOf(account)).toEqual([]);
    expect(await stockOf(teapot.id)).toBe(5);
  });

  it('refuses products in different currencies with 422', async () => {
    const euros = await createProduct({ currency: 'EUR' });
    const dollars = await createProduct({ currency: 'USD' });

    const refused = await placeOrder(ada, [{ productId: euros.id, quantity: 1 }, { productId: dollars.id, quantity: 1 }]);

    expect(refused.status).toBe(422);
    expect(refused.body.errors?.map(({ field }) => field)).toEqual(['items']);
  });

  it.each([
    ['a missing Idempotency-Key', { items: [{ productId: randomUUID(), quantity: 1 }] }, undefined, 'headers.idempotency-key'],
    ['a malformed Idempotency-Key', { items: [{ productId: randomUUID(), quantity: 1 }] }, 'no spaces allowed', 'headers.idempotency-key'],
    ['no items', { items: [] }, randomUUID(), 'items'],
    ['a quantity of 0', { items: [{ productId: randomUUID(), quantity: 0 }] }, randomUUID(), 'items.0.quantity'],
    ['an unknown field', { items: [{ productId: randomUUID(), quantity: 1 }], discount: 50 }, randomUUID(), 'discount'],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_what, body, key, field) => {
    const account = await signUp('Careless');
    const headers = { ...bearer(account.accessToken), ...(key === undefined ? {} : { 'idempotency-key': key }) };

    const refused = await api<{ errors: Array<{ field: string }> }>('POST', '/orders', { body, headers });

    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field)).toEqual([field]);
    expect(await ordersOf(account)).toEqual([]);
  });

  it('refuses a caller without a token with 401', async () => {
    expect((await api('POST', '/orders', { body: { items: [] }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(401);
  });
});

describe('the saga', () => {
  it('confirms an order: stock down by the quantities, one charge, the OrderConfirmed notification and its email', async () => {
    const grace = await signUp('Grace');
    const teapot = await createProduct({ stock: 5, priceCents: 2500 });
    const cup = await createProduct({ stock: 10, priceCents: 450 });

    const placed = await placeOrder(grace, [{ productId: teapot.id, quantity: 2 }, { productId: cup.id, quantity: 3 }]);
    const order = await orderIn(grace, placed.body.id);

    expect(order.state).toBe('CONFIRMED');
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    expect(order.history.map(({ by }) => by)).toEqual(['customer', 'catalog', 'payments', 'orders']);
    expect([await stockOf(teapot.id), await stockOf(cup.id)]).toEqual([3, 7]);
    expect(await chargesFor(order.id)).toEqual([expect.objectContaining({ amountCents: 2 * 2500 + 3 * 450, currency: 'EUR', customerId: grace.id })]);
    const mail = await eventually(async () => {
      const found = await sesMailbox(sesUrl(), grace.email);
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the confirmation email');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain(order.id);
    const notifications = await api<{ items: Array<{ orderId: string; type: string }> }>('GET', '/notifications', { headers: bearer(grace.accessToken) });
    expect(notifications.body.items.map(({ orderId, type }) => ({ orderId, type }))).toEqual([{ orderId: order.id, type: 'OrderConfirmed' }]);
  });

  it('rejects an order the stock cannot cover, with its history, and charges nothing', async () => {
    const teapot = await createProduct({ stock: 1 });

    const placed = await placeOrder(ada, [{ productId: teapot.id, quantity: 2 }]);
    const order = await orderIn(ada, placed.body.id);

    expect(order.state).toBe('REJECTED');
    expect(statesOf(order)).toEqual(['PENDING', 'REJECTED']);
    expect(order.history[1]).toMatchObject({ by: 'catalog', reason: `not enough stock of ${teapot.id}` });
    expect(await stockOf(teapot.id)).toBe(1);
    expect(await chargesFor(order.id)).toEqual([]);
  });

  it("shows an admin every customer's latest orders in a state, each with its timeline, and no customer", async () => {
    const teapot = await createProduct({ stock: 0 });
    const placed = await placeOrder(ada, [{ productId: teapot.id, quantity: 1 }]);
    await orderIn(ada, placed.body.id);
    const admin = await anAdmin();

    const rejected = await admin.admin.orders({ state: 'REJECTED', limit: 20 });
    const pending = await admin.admin.orders({ state: 'PENDING', limit: 20 });

    expect(rejected.items.find(({ id }) => id === placed.body.id)?.history.map(({ state, by }) => `${state} by ${by}`)).toEqual(['PENDING by customer', 'REJECTED by catalog']);
    expect(rejected.items.every(({ state }) => state === 'REJECTED')).toBe(true);
    expect(pending.items.map(({ id }) => id)).not.toContain(placed.body.id);
    expect((await refusal((await aCustomer()).shop.admin.orders())).status).toBe(403);
  });

  it('ends a declined customer\'s order PAYMENT_FAILED and gives the stock back', async () => {
    const declined = await signUp('Declined');
    await setProviderFaults({ declineCustomers: [declined.id] });
    const teapot = await createProduct({ stock: 4 });

    const placed = await placeOrder(declined, [{ productId: teapot.id, quantity: 3 }]);
    const order = await orderIn(declined, placed.body.id);

    expect(order.state).toBe('PAYMENT_FAILED');
    expect(statesOf(order)).toEqual(['PENDING', 'STOCK_RESERVED', 'RELEASING_STOCK', 'PAYMENT_FAILED']);
    expect(await stockOf(teapot.id)).toBe(4);
    expect(await chargesFor(order.id)).toEqual([]);
  });

  it('cancels an order before it is paid: CANCELLED, with the stock back', async () => {
    const account = await signUp('Canceller');
    const teapot = await createProduct({ stock: 3 });
    await setProviderFaults({ outage: true });

    const placed = await placeOrder(account, [{ productId: teapot.id, quantity: 2 }]);
    await orderIn(account, placed.body.id, 'STOCK_RESERVED');
    const cancel = await api<{ state: string }>('POST', `/orders/${placed.body.id}/cancel`, { headers: bearer(account.accessToken) });
    await setProviderFaults({});
    const order = await orderIn(account, placed.body.id);

    expect(cancel.status).toBe(202);
    expect(cancel.body.state).toBe('RELEASING_AND_CANCELLING');
    expect(order.state).toBe('CANCELLED');
    expect(order.history.find(({ state }) => state === 'RELEASING_AND_CANCELLING')).toMatchObject({ by: 'customer' });
    expect(await stockOf(teapot.id)).toBe(3);
  });

  it('shows an order to its owner only', async () => {
    const teapot = await createProduct({ stock: 5 });
    const stranger = await signUp('Stranger');
    const placed = await placeOrder(ada, [{ productId: teapot.id, quantity: 1 }]);

    expect((await orderOf(ada, placed.body.id)).status).toBe(200);
    expect((await orderOf(stranger, placed.body.id)).status).toBe(404);
  });

  it('confirms exactly 10 of 50 concurrent orders for the last 10 units, and leaves the stock at 0', async () => {
    const teapot = await createProduct({ stock: 10 });
    const customers = await Promise.all(Array.from({ length: 10 }, (_, index) => signUp(`Rush ${index}`)));
    const customerOf = (index: number) => customers[index % customers.length] as Account;

    const placed = await Promise.all(Array.from({ length: 50 }, (_, index) => placeOrder(customerOf(index), [{ productId: teapot.id, quantity: 1 }])));
    expect(placed.map(({ status }) => status)).toEqual(Array(50).fill(202));
    const ended = await Promise.all(placed.map(({ body }, index) => orderIn(customerOf(index), body.id, undefined, 90_000)));

    const states = ended.map(({ state }) => state);
    expect(states.filter((state) => state === 'CONFIRMED')).toHaveLength(10);
    expect(states.filter((state) => state === 'REJECTED')).toHaveLength(40);
    expect(await stockOf(teapot.id)).toBe(0);
  }, 300_000);

  it('declines the card a customer chose that the provider refuses (Stripe\'s test card pm_card_chargeDeclined)', async () => {
    const account = await signUp('Declined card');
    const teapot = await createProduct({ stock: 2 });

    const placed = await placeOrder(account, [{ productId: teapot.id, quantity: 1 }], randomUUID(), 'pm_card_chargeDeclined');
    const order = await orderIn(account, placed.body.id);

    expect(placed.body.paymentMethod).toBe('pm_card_chargeDeclined');
    expect(order.state).toBe('PAYMENT_FAILED');
    expect(order.compensation).toMatchObject({ cause: 'CARD_DECLINED' });
    expect(await chargesFor(order.id)).toEqual([]);
  });

  it('confirms an order that costs nothing without asking payments for anything', async () => {
    const account = await signUp('Freebie');
    const sticker = await createProduct({ stock: 5, priceCents: 0 });

    const placed = await placeOrder(account, [{ productId: sticker.id, quantity: 2 }]);
    const order = await orderIn(account, placed.body.id);

    expect(order.state).toBe('CONFIRMED');
    expect(statesOf(order)).toEqual(['PENDING', 'CONFIRMED']);
    expect(await chargesFor(order.id)).toEqual([]);
    expect(await stockOf(sticker.id)).toBe(3);
  });

  it('refuses one customer\'s flood of orders past their share a minute (429, Retry-After), and still takes another customer\'s', async () => {
    const flooder = await signUp('Flooder');
    const other = await signUp('Bystander');
    const teapot = await createProduct({ stock: 100, priceCents: 100 });

    const flood = await Promise.all(Array.from({ length: 25 }, () => placeOrder(flooder, [{ productId: teapot.id, quantity: 1 }])));
    const others = await placeOrder(other, [{ productId: teapot.id, quantity: 1 }]);

    const refused = flood.filter(({ status }) => status === 429);
    expect(flood.filter(({ status }) => status === 202)).toHaveLength(20);
    expect(refused).toHaveLength(5);
    expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(others.status).toBe(202);
  }, 90_000);
});
