import { randomUUID } from 'node:crypto';
import { ConflictError, TransientError, ValidationError } from '../../../lib/errors.ts';
import type { Order, SagaContext } from '../domain/order.ts';
import { startOrder, transition } from '../domain/saga.ts';
import type { OrderRepository, OutboxMessage } from '../ports.ts';

const timeouts = { stockSeconds: 30, paymentSeconds: 60, compensationSeconds: 20 };
// Far in the future, so orders left by other suites in a shared table never come before these.
const base = Date.parse('2099-01-01T00:00:00.000Z') + Math.floor(Math.random() * 1e9) * 1000;
const at = (seconds: number): SagaContext => ({ now: new Date(base + seconds * 1000), replyTo: 'replies', timeouts });

function anOrder(customerId: string, seconds = 0, id: string = randomUUID()): { order: Order; outbox: OutboxMessage[] } {
  const { order, messages } = startOrder(
    { id, customerId, customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 500 }] },
    at(seconds),
  );
  return { order, outbox: messages.map((outgoing) => outboxOf(outgoing, at(seconds).now)) };
}

function outboxOf({ type, data }: { type: string; data: unknown }, now: Date): OutboxMessage {
  return { messageId: randomUUID(), type, version: 1, occurredAt: now.toISOString(), correlationId: 'c-1', data };
}

/** What every OrderRepository promises (ports.ts), run against the in-memory fake and the DynamoDB adapter alike. */
export function describeOrderRepositoryContract(name: string, subject: () => OrderRepository): void {
  describe(`${name} keeps the OrderRepository contract`, () => {
    let orders: OrderRepository;
    beforeAll(() => {
      orders = subject();
    });

    it('stores a new order with its messages, and refuses a second one under the same id', async () => {
      const { order, outbox } = anOrder(randomUUID());

      await orders.add(order, outbox);

      expect(await orders.find(order.id)).toEqual({ order, outbox });
      await expect(orders.add(order, [])).rejects.toThrow(ConflictError);
      expect(await orders.find(randomUUID())).toBeUndefined();
    });

    it('saves a transition only from the state and version it expects, so of two racing writes one wins', async () => {
      const { order, outbox } = anOrder(randomUUID());
      await orders.add(order, outbox);
      const next = transition(order, { type: 'StockReserved', data: { orderId: order.id, items: [] } }, at(1)).order;

      const results = await Promise.allSettled([0, 1].map(() => orders.save(next, order, [])));
      const stale = orders.save(next, { state: 'PENDING', version: 2 }, []);

      expect(results.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(TransientError) as unknown });
      await expect(stale).rejects.toThrow(TransientError);
      expect(await orders.find(order.id)).toEqual({ order: next, outbox: [] });
    });

    it('clears the outbox at the version that sent it, and keeps the messages a newer write carried on', async () => {
      const { order, outbox } = anOrder(randomUUID());
      await orders.add(order, outbox);
      await orders.clearOutbox(order.id, 1);
      const cleared = await orders.find(order.id);
      const next = transition(order, { type: 'StockReserved', data: { orderId: order.id, items: [] } }, at(1)).order;
      const charge = outboxOf({ type: 'ChargePayment', data: {} }, at(1).now);
      await orders.save(next, order, [charge]);

      await orders.clearOutbox(order.id, 1);

      expect(cleared?.outbox).toEqual([]);
      expect((await orders.find(order.id))?.outbox).toEqual([charge]);
    });

    it('lists a customer\'s orders newest first, page by page, and no one else\'s', async () => {
      const customer = randomUUID();
      const placed = [anOrder(customer, 1), anOrder(customer, 2), anOrder(customer, 3)];
      for (const { order, outbox } of [...placed, anOrder(randomUUID(), 4)]) await orders.add(order, outbox);

      const first = await orders.listByCustomer(customer, { limit: 2 });
      const second = await orders.listByCustomer(customer, { limit: 2, ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }) });

      expect(first.items.map(({ id }) => id)).toEqual([placed[2]?.order.id, placed[1]?.order.id]);
      expect(second.items.map(({ id }) => id)).toEqual([placed[0]?.order.id]);
      expect(second.nextCursor).toBeUndefined();
    });

    it('refuses a cursor it did not give out, or one of another listing, naming query.cursor', async () => {
      const customer = randomUUID();
      for (const { order, outbox } of [anOrder(customer, 1), anOrder(customer, 2)]) await orders.add(order, outbox);
      const { nextCursor } = await orders.listByCustomer(customer, { limit: 1 });
      const latest = await orders.latest({ limit: 1 });
      const anotherListing = { fieldErrors: [{ field: 'query.cursor', reason: 'belongs to another listing' }] };

      await expect(orders.listByCustomer(customer, { limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
      await expect(orders.listByCustomer(randomUUID(), { limit: 1, cursor: nextCursor ?? '' })).rejects.toMatchObject(anotherListing);
      await expect(orders.latest({ limit: 1, cursor: nextCursor ?? '' })).rejects.toMatchObject(anotherListing);
      await expect(orders.latest({ state: 'PENDING', limit: 1, cursor: latest.nextCursor ?? '' })).rejects.toMatchObject(anotherListing);
    });

    // Later than every other order of these tests, so that they are the newest of the table.
    it('lists the latest orders of every customer, newest first, page by page', async () => {
      // Ids ending in 0 to 3: the DynamoDB adapter spreads a state's orders over partitions by that digit.
      const placed = ['0', '1', '2', '3'].map((digit, index) => anOrder(randomUUID(), 10_000 + index, `${randomUUID().slice(0, -1)}${digit}`));
      for (const { order, outbox } of placed) await orders.add(order, outbox);

      const first = await orders.latest({ limit: 3 });
      const second = await orders.latest({ limit: 3, ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }) });

      expect(first.items).toEqual([placed[3]?.order, placed[2]?.order, placed[1]?.order]);
      expect(second.items[0]).toEqual(placed[0]?.order);
    });

    it('lists the latest orders in one state, each under the state it is in now', async () => {
      const moved = anOrder(randomUUID(), 20_000);
      const waiting = anOrder(randomUUID(), 20_001);
      for (const { order, outbox } of [moved, waiting]) await orders.add(order, outbox);
      const rejected = transition(moved.order, { type: 'StockRejected', data: { orderId: moved.order.id, reason: 'INSUFFICIENT_STOCK' } }, at(20_002)).order;
      await orders.save(rejected, moved.order, []);

      const pending = await orders.latest({ state: 'PENDING', limit: 2 });
      const final = await orders.latest({ state: 'REJECTED', limit: 1 });

      expect(pending.items[0]?.id).toBe(waiting.order.id);
      expect(pending.items.map(({ id }) => id)).not.toContain(moved.order.id);
      expect(pending.items.every(({ state }) => state === 'PENDING')).toBe(true);
      expect(final.items).toEqual([rejected]);
    });

    it('finds the open orders past their deadline, and no final one', async () => {
      const late = anOrder(randomUUID(), 0);
      const early = anOrder(randomUUID(), 100);
      const rejected = anOrder(randomUUID(), 0);
      for (const { order, outbox } of [late, early, rejected]) await orders.add(order, outbox);
      const final = transition(rejected.order, { type: 'StockRejected', data: { orderId: rejected.order.id, reason: 'INSUFFICIENT_STOCK' } }, at(1)).order;
      await orders.save(final, rejected.order, []);

      const due = await orders.pastDeadline(at(31).now, 100);

      const ids = due.map(({ order }) => order.id);
      expect(ids).toContain(late.order.id);
      expect(ids).not.toContain(early.order.id);
      expect(ids).not.toContain(rejected.order.id);
      expect(due.find(({ order }) => order.id === late.order.id)).toEqual(late);
    });

    it('finds the orders whose messages are unsent since a given time, and not once they are cleared', async () => {
      const unsent = anOrder(randomUUID(), 0);
      const sent = anOrder(randomUUID(), 0);
      const recent = anOrder(randomUUID(), 50);
      for (const { order, outbox } of [unsent, sent, recent]) await orders.add(order, outbox);
      await orders.clearOutbox(sent.order.id, 1);

      const found = await orders.withUnsentMessages(at(10).now, 100);

      const ids = found.map(({ order }) => order.id);
      expect(ids).toContain(unsent.order.id);
      expect(ids).not.toContain(sent.order.id);
      expect(ids).not.toContain(recent.order.id);
      expect(found.find(({ order }) => order.id === unsent.order.id)).toEqual(unsent);
    });
  });
}
