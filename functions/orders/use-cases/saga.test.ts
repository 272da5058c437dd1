import { randomUUID } from 'node:crypto';
import { NotFoundError, TransientError } from '../../../lib/errors.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import type { Order } from '../domain/order.ts';
import { startOrder } from '../domain/saga.ts';
import { InMemoryOrders, RecordingSender } from '../testing/in-memory.ts';
import { cancelOrder } from './cancel-order.ts';
import { getOrder } from './get-order.ts';
import { handleReply } from './handle-reply.ts';
import { commitNewOrder, type SagaDeps } from './saga.ts';
import { sweepOrders } from './sweep-orders.ts';

const owner = { userId: 'u-1', role: 'customer' as const, sessionId: 's-1' };
const stranger = { userId: 'u-2', role: 'customer' as const, sessionId: 's-2' };
const admin = { userId: 'a-1', role: 'admin' as const, sessionId: 's-3' };

function setUp() {
  const clock = new ManualClock('2026-12-01T10:00:00.000Z');
  const orders = new InMemoryOrders();
  const sender = new RecordingSender();
  const transitions: string[] = [];
  const deps: SagaDeps = {
    orders,
    sender,
    clock,
    metrics: { transitioned: (from, to) => transitions.push(`${from?.state ?? 'new'}->${to.state}`) },
    saga: { replyTo: 'shop-test-orders-replies', timeouts: { stockSeconds: 120, paymentSeconds: 120, compensationSeconds: 20 } },
  };
  const place = async (): Promise<Order> => {
    const step = startOrder(
      { id: randomUUID(), customerId: owner.userId, customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: randomUUID(), quantity: 2, unitPriceCents: 500 }] },
      { now: clock.now(), ...deps.saga },
    );
    return commitNewOrder(deps, step);
  };
  const sentTypes = () => sender.sent.map(({ type }) => type);
  return { clock, orders, sender, deps, place, sentTypes, transitions };
}

describe('the saga, committed and sent', () => {
  it('sends each transition\'s messages once committed, as envelopes, and clears the outbox', async () => {
    const { deps, orders, place, sentTypes, sender } = setUp();
    const order = await place();

    await handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });
    await handleReply(deps, { type: 'PaymentCharged', data: { orderId: order.id, paymentId: 'p-1', amountCents: 1000, currency: 'EUR' } });

    expect(sentTypes()).toEqual(['ReserveStock', 'ChargePayment', 'OrderConfirmed']);
    expect(sender.sent[1]).toMatchObject({ type: 'ChargePayment', version: 2, data: { amountCents: 1000 } });
    expect(await orders.find(order.id)).toMatchObject({ order: { state: 'CONFIRMED' }, outbox: [] });
  });

  it('writes and sends nothing for a reply delivered twice', async () => {
    const { deps, orders, place, sentTypes } = setUp();
    const order = await place();
    const reply = { type: 'StockReserved' as const, data: { orderId: order.id, items: [] } };
    await handleReply(deps, reply);
    const before = await orders.find(order.id);

    await handleReply(deps, reply);

    expect(await orders.find(order.id)).toEqual(before);
    expect(sentTypes()).toEqual(['ReserveStock', 'ChargePayment']);
  });

  it('keeps the messages of a commit whose send failed, and sends them on the next touch of the order', async () => {
    const { deps, orders, place, sender, sentTypes } = setUp();
    const order = await place();
    sender.failing.add('payments');

    const failed = handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });
    await expect(failed).rejects.toThrow(TransientError);
    const afterCrash = await orders.find(order.id);
    sender.failing.clear();
    await handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });

    expect(afterCrash).toMatchObject({ order: { state: 'STOCK_RESERVED' }, outbox: [{ type: 'ChargePayment' }] });
    expect(sentTypes()).toEqual(['ReserveStock', 'ChargePayment']);
    expect((await orders.find(order.id))?.outbox).toEqual([]);
  });

  it('refuses a reply for an order it does not know, so that the record ends in the DLQ', async () => {
    const { deps } = setUp();

    await expect(handleReply(deps, { type: 'StockReleased', data: { orderId: randomUUID(), items: [] } })).rejects.toThrow(NotFoundError);
  });

  it('reports each committed transition, and none for a reply that changed nothing', async () => {
    const { deps, place, transitions } = setUp();
    const order = await place();

    await handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });
    await handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });

    expect(transitions).toEqual(['new->PENDING', 'PENDING->STOCK_RESERVED']);
  });
});

describe('the sweeper', () => {
  it('sends what a crash left unsent once it is older than a grace period, then not again', async () => {
    const { deps, clock, orders, place, sender, sentTypes } = setUp();
    sender.failing.add('catalog');
    await expect(place()).rejects.toThrow(TransientError);
    sender.failing.clear();

    const early = await sweepOrders(deps);
    clock.advanceSeconds(31);
    const late = await sweepOrders(deps);
    const again = await sweepOrders(deps);

    expect([early.resent, late.resent, again.resent]).toEqual([0, 1, 0]);
    expect(sentTypes()).toEqual(['ReserveStock']);
    expect([...orders.stored.values()][0]?.outbox).toEqual([]);
  });

  it('moves orders past their deadline into their compensations, and leaves the others', async () => {
    const { deps, clock, orders, place, sentTypes } = setUp();
    const stuck = await place();
    clock.advanceSeconds(80);
    const recent = await place();
    clock.advanceSeconds(41);

    const result = await sweepOrders(deps);

    expect(result).toEqual({ resent: 0, pastDeadline: 1, failed: 0 });
    expect((await orders.find(stuck.id))?.order.state).toBe('RELEASING_STOCK');
    expect((await orders.find(recent.id))?.order.state).toBe('PENDING');
    expect(sentTypes()).toEqual(['ReserveStock', 'ReserveStock', 'ReleaseStock']);
  });

  it('counts an order it could not move and goes on with the others', async () => {
    const { deps, clock, place, sender } = setUp();
    await place();
    await place();
    clock.advanceSeconds(121);
    sender.failing.add('catalog');

    const result = await sweepOrders(deps);

    expect(result).toEqual({ resent: 0, pastDeadline: 0, failed: 2 });
  });
});

describe('reading and cancelling', () => {
  it('shows an order to its owner and to admins, and to nobody else', async () => {
    const { deps, place } = setUp();
    const order = await place();

    expect((await getOrder(deps, owner, order.id)).id).toBe(order.id);
    expect((await getOrder(deps, admin, order.id)).id).toBe(order.id);
    await expect(getOrder(deps, stranger, order.id)).rejects.toThrow(NotFoundError);
  });

  it('lets the owner cancel (releasing the stock) and tells anyone else there is no such order', async () => {
    const { deps, place, sentTypes, orders } = setUp();
    const order = await place();

    await expect(cancelOrder(deps, stranger, order.id)).rejects.toThrow(NotFoundError);
    const cancelling = await cancelOrder(deps, owner, order.id);

    expect(cancelling.state).toBe('RELEASING_STOCK');
    expect(cancelling.history.at(-1)).toMatchObject({ by: 'customer' });
    expect(sentTypes()).toEqual(['ReserveStock', 'ReleaseStock']);
    expect((await orders.find(order.id))?.order.version).toBe(2);
  });

  it('cancels an order that a reply moved on while the cancel was under way, acting on the state it moved to', async () => {
    const { deps, place, orders, sentTypes } = setUp();
    const order = await place();
    // The stock is reserved between the cancel's read of the order and its write.
    const racing = Object.create(orders) as InMemoryOrders;
    let raced = false;
    racing.save = async (...args) => {
      if (!raced) {
        raced = true;
        await handleReply(deps, { type: 'StockReserved', data: { orderId: order.id, items: [] } });
      }
      return orders.save(...args);
    };

    const cancelling = await cancelOrder({ ...deps, orders: racing }, owner, order.id);

    expect(cancelling.state).toBe('RELEASING_AND_CANCELLING');
    expect(cancelling.history.map(({ state }) => state)).toEqual(['PENDING', 'STOCK_RESERVED', 'RELEASING_AND_CANCELLING']);
    expect(sentTypes()).toEqual(['ReserveStock', 'ChargePayment', 'ReleaseStock', 'RefundPayment']);
  });
});
