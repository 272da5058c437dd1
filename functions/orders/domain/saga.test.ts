import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../lib/errors.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { MAX_COMPENSATION_ATTEMPTS, ORDER_STATES, type Order, type OrderState, type SagaContext } from './order.ts';
import { SAGA, startOrder, transition, type SagaReply, type Step } from './saga.ts';

const placeOrder = startOrder;
const applyReply = (order: Order, reply: SagaReply, context: SagaContext): Step => transition(order, reply, context);
const cancelOrder = (order: Order, by: 'customer' | 'admin', context: SagaContext): Step => transition(order, { type: 'CancelRequested', by }, context);
const deadlinePassed = (order: Order, context: SagaContext): Step => transition(order, { type: 'DeadlinePassed' }, context);

const clock = new ManualClock('2026-12-01T10:00:00.000Z');
const timeouts = { stockSeconds: 30, paymentSeconds: 60, compensationSeconds: 20 };
const ctx = (): SagaContext => ({ now: clock.now(), replyTo: 'shop-test-orders-replies', timeouts });

const mug = randomUUID();
const teapot = randomUUID();

function placed(): Order {
  return placeOrder(
    {
      id: randomUUID(),
      customerId: 'u-1',
      customerEmail: 'ada@example.com',
      currency: 'EUR',
      lines: [
        { productId: mug, quantity: 2, unitPriceCents: 950 },
        { productId: teapot, quantity: 1, unitPriceCents: 3000 },
      ],
    },
    ctx(),
  ).order;
}

const reply = (order: Order, type: SagaReply['type'], data: Record<string, unknown> = {}): SagaReply =>
  ({ type, data: { orderId: order.id, ...data } }) as SagaReply;
const reserved = (order: Order) => reply(order, 'StockReserved', { items: [{ productId: mug, quantity: 2 }] });
const charged = (order: Order) => reply(order, 'PaymentCharged', { paymentId: 'p-1', amountCents: order.totalCents, currency: 'EUR' });
const released = (order: Order) => reply(order, 'StockReleased', { items: [] });
const refunded = (order: Order, refundedCents: number) => reply(order, 'PaymentRefunded', { refundedCents, currency: 'EUR' });

/** Applies replies in turn, as the consumer does. */
const replies = (order: Order, ...made: Array<(o: Order) => SagaReply>): Step =>
  made.reduce<Step>((step, make) => applyReply(step.order, make(step.order), ctx()), { order, messages: [] });

const types = (step: Step) => step.messages.map((message) => message.type);
/** The outcome events a step sends, by type and what tells them apart. */
const outcomes = (step: Step) =>
  step.messages.map(({ type, data }) => ({ type, ...('reason' in data ? { reason: data.reason } : {}), ...('refundedCents' in data ? { refundedCents: data.refundedCents } : {}) }));

describe('placing an order', () => {
  it('starts PENDING with the prices as placed, the total in cents, a deadline, and a ReserveStock to the catalog', () => {
    const { order, messages } = placeOrder(
      { id: randomUUID(), customerId: 'u-1', customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: mug, quantity: 3, unitPriceCents: 333 }] },
      ctx(),
    );

    expect(order).toMatchObject({ state: 'PENDING', version: 1, totalCents: 999, currency: 'EUR', deadline: '2026-12-01T10:00:30.000Z' });
    expect(order.history).toEqual([{ state: 'PENDING', at: '2026-12-01T10:00:00.000Z', by: 'customer', reason: 'placed' }]);
    expect(messages).toEqual([
      {
        type: 'ReserveStock',
        data: { orderId: order.id, items: [{ productId: mug, quantity: 3 }], replyTo: 'shop-test-orders-replies' },
      },
    ]);
  });
});

describe('the happy path', () => {
  it('goes PENDING -> STOCK_RESERVED (charging the total) -> PAID -> CONFIRMED, telling notifications', () => {
    const order = placed();

    const afterStock = applyReply(order, reserved(order), ctx());
    clock.advanceSeconds(2);
    const afterPayment = applyReply(afterStock.order, charged(order), ctx());

    expect(afterStock.order).toMatchObject({ state: 'STOCK_RESERVED', version: 2 });
    expect(afterStock.messages).toEqual([
      {
        type: 'ChargePayment',
        data: { orderId: order.id, customerId: 'u-1', amountCents: 4900, currency: 'EUR', replyTo: 'shop-test-orders-replies', deadline: afterStock.order.deadline },
      },
    ]);
    expect(afterPayment.order).toMatchObject({ state: 'CONFIRMED', version: 3, paymentId: 'p-1' });
    expect(afterPayment.order.deadline).toBeUndefined();
    expect(afterPayment.order.history.map(({ state, by }) => `${state} by ${by}`)).toEqual([
      'PENDING by customer',
      'STOCK_RESERVED by catalog',
      'PAID by payments',
      'CONFIRMED by orders',
    ]);
    expect(afterPayment.messages).toEqual([
      {
        type: 'OrderConfirmed',
        data: { orderId: order.id, customerId: 'u-1', customerEmail: 'ada@example.com', totalCents: 4900, currency: 'EUR' },
      },
    ]);
  });
});

describe('replies that do not fit', () => {
  it('changes nothing on a duplicate reply', () => {
    const step = replies(placed(), reserved);

    const again = applyReply(step.order, reserved(step.order), ctx());

    expect(again).toEqual({ order: step.order, messages: [] });
  });

  it('changes nothing on a reply that comes before its turn (a charge while PENDING) or after the end', () => {
    const order = placed();
    const confirmed = replies(order, reserved, charged).order;

    expect(applyReply(order, charged(order), ctx())).toEqual({ order, messages: [] });
    expect(applyReply(confirmed, reply(confirmed, 'StockRejected', { reason: 'INSUFFICIENT_STOCK', productId: mug }), ctx())).toEqual({
      order: confirmed,
      messages: [],
    });
  });

  it("ignores a reply about another order", () => {
    const order = placed();

    expect(applyReply(order, { type: 'StockReserved', data: { orderId: randomUUID(), items: [] } }, ctx())).toEqual({ order, messages: [] });
  });
});

describe('failures', () => {
  it('rejects the order when the catalog has not enough stock, naming the product, and holds nothing to give back', () => {
    const order = placed();

    const step = applyReply(order, reply(order, 'StockRejected', { reason: 'INSUFFICIENT_STOCK', productId: teapot }), ctx());

    expect(step.order).toMatchObject({ state: 'REJECTED', version: 2 });
    expect(step.order.history.at(-1)).toMatchObject({ by: 'catalog', reason: `not enough stock of ${teapot}` });
    expect(outcomes(step)).toEqual([{ type: 'OrderRejected', reason: 'INSUFFICIENT_STOCK' }]);
  });

  it('gives the stock back on a declined card and ends PAYMENT_FAILED once the catalog says it is back', () => {
    const order = placed();

    const declined = replies(order, reserved, (o) => reply(o, 'PaymentDeclined', { reason: 'CARD_DECLINED' }));
    const done = applyReply(declined.order, released(order), ctx());

    expect(declined.order).toMatchObject({ state: 'RELEASING_STOCK', compensation: { outcome: 'PAYMENT_FAILED', cause: 'CARD_DECLINED' } });
    expect(types(declined)).toEqual(['ReleaseStock']);
    expect(done.order.state).toBe('PAYMENT_FAILED');
    expect(done.order.deadline).toBeUndefined();
    expect(outcomes(done)).toEqual([{ type: 'OrderPaymentFailed', reason: 'CARD_DECLINED', refundedCents: 0 }]);
  });
});

describe('cancelling', () => {
  it('before the stock answers: releases the stock and ends CANCELLED with nothing refunded', () => {
    const order = placed();

    const cancelling = cancelOrder(order, 'customer', ctx());
    const lateReservation = applyReply(cancelling.order, reserved(order), ctx());
    const done = applyReply(lateReservation.order, released(order), ctx());

    expect(types(cancelling)).toEqual(['ReleaseStock']);
    expect(lateReservation.messages).toEqual([]);
    expect(lateReservation.order).toBe(cancelling.order);
    expect(done.order.state).toBe('CANCELLED');
    expect(outcomes(done)).toEqual([{ type: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', refundedCents: 0 }]);
  });

  it('once confirmed: refunds and releases, in whichever order the answers come, and ends CANCELLED with the refund', () => {
    const confirmed = replies(placed(), reserved, charged).order;

    const cancelling = cancelOrder(confirmed, 'customer', ctx());
    const refundFirst = replies(cancelling.order, (o) => refunded(o, 4900), released);
    const stockFirst = replies(cancelling.order, released, (o) => refunded(o, 4900));

    expect(types(cancelling)).toEqual(['ReleaseStock', 'RefundPayment']);
    for (const step of [refundFirst, stockFirst]) {
      expect(step.order.state).toBe('CANCELLED');
      expect(outcomes(step)).toEqual([{ type: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', refundedCents: 4900 }]);
    }
  });

  it('changes nothing when cancelled twice, and refuses a cancel of a final order', () => {
    const cancelling = cancelOrder(placed(), 'customer', ctx());
    const order = placed();
    const reallyRejected = applyReply(order, reply(order, 'StockRejected', { reason: 'UNKNOWN_PRODUCT', productId: mug }), ctx()).order;

    expect(cancelOrder(cancelling.order, 'customer', ctx())).toEqual({ order: cancelling.order, messages: [] });
    expect(() => cancelOrder(reallyRejected, 'customer', ctx())).toThrow(ConflictError);
  });

  it('records who cancelled: an admin acting on the order is named as such', () => {
    const step = cancelOrder(placed(), 'admin', ctx());

    expect(step.order.history.at(-1)).toMatchObject({ state: 'RELEASING_STOCK', by: 'admin', reason: 'cancelled by the admin' });
  });
});

describe('deadlines', () => {
  it('changes nothing before the deadline', () => {
    const order = placed();
    clock.advanceSeconds(29);

    expect(deadlinePassed(order, ctx())).toEqual({ order, messages: [] });
  });

  it('past the payment deadline, refunds (voids) and releases, and ends PAYMENT_FAILED as timed out', () => {
    const order = replies(placed(), reserved).order;
    clock.advanceSeconds(61);

    const timedOut = deadlinePassed(order, ctx());
    const done = replies(timedOut.order, released, (o) => refunded(o, 0));

    expect(types(timedOut)).toEqual(['ReleaseStock', 'RefundPayment']);
    expect(timedOut.order.history.at(-1)).toMatchObject({ by: 'orders', reason: 'the payment did not answer in time' });
    expect(done.order.state).toBe('PAYMENT_FAILED');
    expect(outcomes(done)).toEqual([{ type: 'OrderPaymentFailed', reason: 'PAYMENT_TIMED_OUT', refundedCents: 0 }]);
  });

  it('says what was given back when a payment that timed out had been taken after all', () => {
    const order = replies(placed(), reserved).order;
    clock.advanceSeconds(61);

    const done = replies(deadlinePassed(order, ctx()).order, released, (o) => refunded(o, 4900));

    expect(outcomes(done)).toEqual([{ type: 'OrderPaymentFailed', reason: 'PAYMENT_TIMED_OUT', refundedCents: 4900 }]);
  });

  it('past the stock deadline, releases the stock (barring a late reservation)', () => {
    const order = placed();
    clock.advanceSeconds(31);

    const step = deadlinePassed(order, ctx());

    expect(step.order).toMatchObject({ state: 'RELEASING_STOCK', compensation: { outcome: 'CANCELLED', cause: 'STOCK_TIMED_OUT' } });
    expect(types(step)).toEqual(['ReleaseStock']);
  });

  it('sends an unanswered compensation again, and after the last attempt fails it for good with no deadline left', () => {
    let step = cancelOrder(replies(placed(), reserved, charged).order, 'customer', ctx());
    step = applyReply(step.order, released(step.order), ctx());
    const resent: string[][] = [];
    for (let attempt = 1; attempt < MAX_COMPENSATION_ATTEMPTS; attempt += 1) {
      clock.advanceSeconds(21);
      step = deadlinePassed(step.order, ctx());
      resent.push(types(step));
    }
    clock.advanceSeconds(21);

    const failed = deadlinePassed(step.order, ctx());

    expect(resent).toEqual(Array.from({ length: MAX_COMPENSATION_ATTEMPTS - 1 }, () => ['RefundPayment']));
    expect(failed.order.state).toBe('COMPENSATION_FAILED');
    expect(failed.order.deadline).toBeUndefined();
    expect(failed.order.history.at(-1)?.reason).toBe("the payment's cancel or refund did not complete");
    expect(deadlinePassed(failed.order, ctx())).toEqual({ order: failed.order, messages: [] });
  });
});

describe('versions', () => {
  it('moves one version per transition, so a write can expect the version it read', () => {
    const step = replies(placed(), reserved, charged);
    const cancelling = cancelOrder(step.order, 'customer', ctx());

    expect([step.order.version, cancelling.order.version]).toEqual([3, 4]);
  });
});

describe('what the payment is asked for', () => {
  it('charges with the payment deadline, so payments knows until when to keep trying, and with the customer\'s payment method', () => {
    const order = placeOrder(
      { id: randomUUID(), customerId: 'u-1', customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: mug, quantity: 1, unitPriceCents: 500 }], paymentMethod: 'pm_card_mastercard' },
      ctx(),
    ).order;

    const step = applyReply(order, reserved(order), ctx());

    expect(step.messages).toEqual([
      expect.objectContaining({ type: 'ChargePayment', data: expect.objectContaining({ deadline: step.order.deadline, paymentMethod: 'pm_card_mastercard' }) as object }),
    ]);
  });

  it('confirms an order that costs nothing once its stock is held, asking payments for nothing', () => {
    const free = placeOrder({ id: randomUUID(), customerId: 'u-1', customerEmail: 'ada@example.com', currency: 'EUR', lines: [{ productId: mug, quantity: 2, unitPriceCents: 0 }] }, ctx()).order;

    const step = applyReply(free, reserved(free), ctx());

    expect(step.order.state).toBe('CONFIRMED');
    expect(step.order.history.map(({ state }) => state)).toEqual(['PENDING', 'CONFIRMED']);
    expect(types(step)).toEqual(['OrderConfirmed']);
  });
});

describe('why an order ended', () => {
  it('tells a cancel by the customer, by an admin, and a stock step that timed out apart', () => {
    const byCustomer = replies(cancelOrder(placed(), 'customer', ctx()).order, released);
    const byAdmin = replies(cancelOrder(placed(), 'admin', ctx()).order, released);
    const stale = placed();
    clock.advanceSeconds(31);
    const timedOut = replies(deadlinePassed(stale, ctx()).order, released);

    expect([byCustomer, byAdmin, timedOut].map(outcomes)).toEqual([
      [{ type: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', refundedCents: 0 }],
      [{ type: 'OrderCancelled', reason: 'ADMIN_REQUEST', refundedCents: 0 }],
      [{ type: 'OrderCancelled', reason: 'STOCK_TIMED_OUT', refundedCents: 0 }],
    ]);
  });

  it('says, while it waits for a payment that was never taken, nothing of a refund', () => {
    const order = replies(placed(), reserved).order;
    clock.advanceSeconds(61);

    const waiting = replies(deadlinePassed(order, ctx()).order, released);

    expect(waiting.order).toMatchObject({ state: 'CANCELLING_PAYMENT' });
    expect(waiting.order.history.at(-1)?.reason).toBe('stock released; waiting for the payment');
  });
});

describe('a compensation that fails', () => {
  /** A cancel whose stock came back and whose refund never answered, past its last attempt. */
  function failedCompensation(): Step {
    let step = cancelOrder(replies(placed(), reserved, charged).order, 'customer', ctx());
    step = applyReply(step.order, released(step.order), ctx());
    for (let attempt = 1; attempt <= MAX_COMPENSATION_ATTEMPTS; attempt += 1) {
      clock.advanceSeconds(21);
      step = deadlinePassed(step.order, ctx());
    }
    return step;
  }

  it('tells the customer (and whoever acts on it) what is still owed', () => {
    const step = failedCompensation();

    expect(step.order.state).toBe('COMPENSATION_FAILED');
    expect(step.messages).toEqual([
      expect.objectContaining({ type: 'OrderCompensationFailed', data: expect.objectContaining({ pending: ['REFUND'], outcome: 'CANCELLED' }) as object }),
    ]);
  });

  it('completes when the answers it gave up on come late after all', () => {
    const failed = failedCompensation().order;

    const done = applyReply(failed, refunded(failed, 4900), ctx());

    expect(done.order.state).toBe('CANCELLED');
    expect(outcomes(done)).toEqual([{ type: 'OrderCancelled', reason: 'CUSTOMER_REQUEST', refundedCents: 4900 }]);
  });
});

describe('the table', () => {
  it('reaches every state from PENDING, and gives every state that is not final a way on', () => {
    const reached = new Set<OrderState>(['PENDING']);
    for (let grown = true; grown; ) {
      grown = false;
      for (const row of SAGA) {
        if (row.to !== 'unchanged' && row.from.some((state) => reached.has(state)) && !reached.has(row.to)) {
          reached.add(row.to);
          grown = true;
        }
      }
    }
    const stuck = (Object.keys(ORDER_STATES) as OrderState[]).filter((state) => ORDER_STATES[state].kind !== 'final' && !SAGA.some((row) => row.from.includes(state) && row.to !== 'unchanged' && row.to !== state));

    expect([...reached].sort()).toEqual(Object.keys(ORDER_STATES).sort());
    expect(stuck).toEqual([]);
  });

  it('resumes a compensation that gave up on both, when one of its answers comes late', () => {
    let step = cancelOrder(replies(placed(), reserved, charged).order, 'customer', ctx());
    for (let attempt = 1; attempt <= MAX_COMPENSATION_ATTEMPTS; attempt += 1) {
      clock.advanceSeconds(21);
      step = deadlinePassed(step.order, ctx());
    }

    const resumed = applyReply(step.order, released(step.order), ctx());
    const done = applyReply(resumed.order, refunded(resumed.order, 4900), ctx());

    expect(step.order.state).toBe('COMPENSATION_FAILED');
    expect(step.messages).toEqual([expect.objectContaining({ type: 'OrderCompensationFailed', data: expect.objectContaining({ pending: ['STOCK_RELEASE', 'REFUND'] }) as object })]);
    expect(resumed.order).toMatchObject({ state: 'CANCELLING_PAYMENT', compensation: { attempts: 1 } });
    expect(resumed.order.deadline).toBeDefined();
    expect(done.order.state).toBe('CANCELLED');
  });
});
