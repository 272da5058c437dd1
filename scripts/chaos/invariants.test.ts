import { orderIdFor } from '../../functions/orders/domain/order.ts';
import { checkInvariants, type ClientRecord, type Evidence, type OrderSeen } from './invariants.ts';

const deadlines = { stockSeconds: 60, paymentSeconds: 120, compensationSeconds: 60, sweepSeconds: 60 };
const ada = { id: 'c-ada', email: 'ada@example.com', password: 'x', token: 't' };
const kettle = { id: 'p-kettle', priceCents: 1000, initialStock: 10, scarce: false };
const at = (second: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, second)).toISOString();

/** A run of two orders that went as they should: one confirmed (2 kettles), one rejected. */
function aGoodRun(): { record: ClientRecord; evidence: Evidence } {
  const confirmed = orderIdFor(ada.id, 'key-1');
  const rejected = orderIdFor(ada.id, 'key-2');
  const record: ClientRecord = {
    customers: [ada],
    products: [kettle],
    restocks: [{ productId: kettle.id, added: 3, at: 0, status: 200 }],
    placements: [
      { key: 'key-1', customerId: ada.id, items: [{ productId: kettle.id, quantity: 2 }], sentAt: 0, attempts: [202], orderId: confirmed },
      { key: 'key-2', customerId: ada.id, items: [{ productId: kettle.id, quantity: 50 }], sentAt: 0, attempts: [503, 202], orderId: rejected },
    ],
    poison: [{ queue: 'shop-chaos-orders-replies', deadLetterQueue: 'shop-chaos-orders-replies-dlq', marker: 'chaos-poison-1-orders-replies' }],
  };
  const orders: OrderSeen[] = [
    {
      id: confirmed,
      customerId: ada.id,
      state: 'CONFIRMED',
      lines: [{ productId: kettle.id, quantity: 2 }],
      totalCents: 2000,
      history: [
        { state: 'PENDING', at: at(0) },
        { state: 'STOCK_RESERVED', at: at(1) },
        { state: 'PAID', at: at(2) },
        { state: 'CONFIRMED', at: at(2) },
      ],
    },
    {
      id: rejected,
      customerId: ada.id,
      state: 'REJECTED',
      lines: [{ productId: kettle.id, quantity: 50 }],
      totalCents: 50_000,
      history: [
        { state: 'PENDING', at: at(0) },
        { state: 'REJECTED', at: at(1) },
      ],
    },
  ];
  const evidence: Evidence = {
    orders,
    products: [{ id: kettle.id, stock: 11 }],
    reservations: [
      { orderId: confirmed, status: 'RESERVED' },
      { orderId: rejected, status: 'REJECTED' },
    ],
    payments: [{ id: 'pi_1', orderId: confirmed, status: 'succeeded', receivedCents: 2000, refundedCents: 0 }],
    notifications: [
      { orderId: confirmed, type: 'OrderConfirmed', subject: 'Your order is confirmed', sentAt: at(3) },
      { orderId: rejected, type: 'OrderRejected', subject: 'We could not take your order', sentAt: at(2) },
    ],
    emails: [
      { to: ada.email, subject: 'Your order is confirmed', text: `Thank you: your order ${confirmed} is confirmed.` },
      { to: ada.email, subject: 'We could not take your order', text: `Your order ${rejected} could not be placed.` },
    ],
    deadLetters: [{ queue: 'shop-chaos-orders-replies-dlq', body: '{"poison":"chaos-poison-1-orders-replies"}' }],
  };
  return { record, evidence };
}

const check = ({ record, evidence }: { record: ClientRecord; evidence: Evidence }) => checkInvariants(record, evidence, deadlines);
const confirmedOf = (run: { evidence: Evidence }) => run.evidence.orders[0] as OrderSeen;

describe('the invariants of a chaos run', () => {
  it('all hold for a run that went as it should', () => {
    expect(check(aGoodRun())).toEqual([]);
  });

  it('catches a placement answered 2xx whose order is not there (lost)', () => {
    const run = aGoodRun();
    run.evidence.orders = run.evidence.orders.slice(1);
    run.evidence.payments = [];
    run.evidence.products = [{ id: kettle.id, stock: 13 }];

    expect(check(run)).toEqual([expect.objectContaining({ invariant: 'lost', orderId: confirmedOf(aGoodRun()).id })]);
  });

  it('catches an order that no placement of the run made', () => {
    const run = aGoodRun();
    const stranger = { ...confirmedOf(run), id: orderIdFor(ada.id, 'a key never sent'), state: 'REJECTED', history: [{ state: 'PENDING', at: at(0) }, { state: 'REJECTED', at: at(1) }] };
    run.evidence.orders.push(stranger);
    run.evidence.reservations.push({ orderId: stranger.id, status: 'REJECTED' });
    run.evidence.notifications.push({ orderId: stranger.id, type: 'OrderRejected', subject: 'We could not take your order', sentAt: at(2) });
    run.evidence.emails.push({ to: ada.email, subject: 'We could not take your order', text: stranger.id });

    expect(check(run)).toEqual([expect.objectContaining({ invariant: 'unplaced', orderId: stranger.id })]);
  });

  it('catches an order still open, and one that waited past its deadline', () => {
    const run = aGoodRun();
    const [confirmed, rejected] = run.evidence.orders as [OrderSeen, OrderSeen];
    run.evidence.orders = [{ ...confirmed, history: [{ state: 'PENDING', at: at(0) }, { state: 'STOCK_RESERVED', at: at(1) }, { state: 'CONFIRMED', at: new Date(Date.parse(at(1)) + 300_000).toISOString() }] }, { ...rejected, state: 'COMPENSATION_FAILED', history: [...rejected.history, { state: 'COMPENSATION_FAILED', at: at(5) }] }];
    run.evidence.notifications.push({ orderId: rejected.id, type: 'OrderCompensationFailed', subject: 'Your order needs our attention', sentAt: at(6) });
    run.evidence.emails.push({ to: ada.email, subject: 'Your order needs our attention', text: rejected.id });

    const violations = check(run);

    expect(violations).toEqual([
      expect.objectContaining({ invariant: 'stuck', orderId: confirmed.id, detail: expect.stringContaining('STOCK_RESERVED') as string }),
      expect.objectContaining({ invariant: 'stuck', orderId: rejected.id, detail: 'still COMPENSATION_FAILED' }),
    ]);
  });

  it('allows a wait the time the functions were down on top of its deadline', () => {
    const run = aGoodRun();
    const confirmed = confirmedOf(run);
    const late = new Date(Date.parse(at(1)) + 260_000).toISOString();
    run.evidence.orders[0] = { ...confirmed, history: [{ state: 'PENDING', at: at(0) }, { state: 'STOCK_RESERVED', at: at(1) }, { state: 'CONFIRMED', at: late }] };
    const down = { from: Date.parse(at(10)), to: Date.parse(at(10)) + 60_000 };

    expect(checkInvariants(run.record, run.evidence, deadlines, [down])).toEqual([]);
    expect(checkInvariants(run.record, run.evidence, deadlines, [{ ...down, to: down.from + 5_000 }])).toEqual([
      expect.objectContaining({ invariant: 'stuck', detail: expect.stringContaining('and 5 s of faults that stopped it') as string }),
    ]);
  });

  it('catches stock that does not add up, and stock held for an order that did not go through', () => {
    const run = aGoodRun();
    run.evidence.products = [{ id: kettle.id, stock: 9 }];
    run.evidence.reservations = [
      { orderId: confirmedOf(run).id, status: 'RESERVED' },
      { orderId: run.evidence.orders[1]?.id ?? '', status: 'RESERVED' },
    ];

    expect(check(run)).toEqual([
      expect.objectContaining({ invariant: 'stock', detail: expect.stringContaining('has 9 in stock, expected 11') as string }),
      expect.objectContaining({ invariant: 'stock', orderId: run.evidence.orders[1]?.id }),
    ]);
  });

  it('lets a restock whose answer was lost count or not', () => {
    const run = aGoodRun();
    run.record.restocks.push({ productId: kettle.id, added: 3, at: 0, status: 0 });

    expect(check(run)).toEqual([]);
    run.evidence.products = [{ id: kettle.id, stock: 14 }];
    expect(check(run)).toEqual([]);
    run.evidence.products = [{ id: kettle.id, stock: 12 }];
    expect(check(run)).toEqual([expect.objectContaining({ invariant: 'stock' })]);
  });

  it('catches a second charge, money kept for an order that failed, and a charge for an order never asked to pay', () => {
    const run = aGoodRun();
    const [confirmed, rejected] = run.evidence.orders as [OrderSeen, OrderSeen];
    run.evidence.payments.push({ id: 'pi_2', orderId: confirmed.id, status: 'succeeded', receivedCents: 2000, refundedCents: 2000 });
    run.evidence.payments.push({ id: 'pi_3', orderId: rejected.id, status: 'succeeded', receivedCents: 500, refundedCents: 0 });

    const violations = check(run).map(({ invariant, orderId, detail }) => ({ invariant, orderId, detail }));

    expect(violations).toEqual([
      { invariant: 'money', orderId: confirmed.id, detail: expect.stringContaining('2 charges') as string },
      { invariant: 'money', orderId: rejected.id, detail: 'REJECTED: the provider holds 500 cents of it, expected 0' },
      { invariant: 'money', orderId: rejected.id, detail: expect.stringContaining('without ever asking for payment') as string },
      { invariant: 'money', orderId: undefined, detail: 'the provider holds 2500 cents in all (charges less refunds); the CONFIRMED orders total 2000' },
    ]);
  });

  it('catches money taken for no order', () => {
    const run = aGoodRun();
    run.evidence.payments.push({ id: 'pi_9', status: 'succeeded', receivedCents: 700, refundedCents: 0 });

    expect(check(run).map(({ detail }) => detail)).toEqual([
      'pi_9 took money for no order',
      'the provider holds 2700 cents in all (charges less refunds); the CONFIRMED orders total 2000',
    ]);
  });

  it('catches a missing notification, a second email, and an unsent notification', () => {
    const run = aGoodRun();
    const [confirmed, rejected] = run.evidence.orders as [OrderSeen, OrderSeen];
    run.evidence.notifications = [{ orderId: confirmed.id, type: 'OrderConfirmed', subject: 'Your order is confirmed' }];
    run.evidence.emails.push({ to: ada.email, subject: 'Your order is confirmed', text: confirmed.id, at: Date.parse(at(4)), correlationId: 'c-2' });

    expect(check(run).map(({ orderId, detail }) => ({ orderId, detail }))).toEqual([
      { orderId: confirmed.id, detail: 'its OrderConfirmed notification was never sent' },
      { orderId: confirmed.id, detail: '2 emails "Your order is confirmed" for its OrderConfirmed; expected 1: sent at ?, 00:00:04.000 (c-2)' },
      { orderId: rejected.id, detail: 'notifications none; expected OrderRejected' },
      { orderId: rejected.id, detail: 'an email "We could not take your order" no notification stands for' },
    ]);
  });

  it('expects an order confirmed and then cancelled to be told both', () => {
    const run = aGoodRun();
    const confirmed = confirmedOf(run);
    run.evidence.orders[0] = { ...confirmed, state: 'CANCELLED', history: [...confirmed.history, { state: 'RELEASING_AND_CANCELLING', at: at(5) }, { state: 'CANCELLED', at: at(6) }] };
    run.evidence.payments = [{ id: 'pi_1', orderId: confirmed.id, status: 'succeeded', receivedCents: 2000, refundedCents: 2000 }];
    run.evidence.products = [{ id: kettle.id, stock: 13 }];
    run.evidence.reservations[0] = { orderId: confirmed.id, status: 'RELEASED' };

    expect(check(run)).toEqual([expect.objectContaining({ invariant: 'notifications', detail: 'notifications OrderConfirmed; expected OrderCancelled, OrderConfirmed' })]);
  });

  it('catches a dead letter the run did not send, and a poison message that never reached its DLQ', () => {
    const run = aGoodRun();
    run.evidence.deadLetters = [{ queue: 'shop-chaos-payments-commands-dlq', body: '{"type":"ChargePayment"}' }];

    expect(check(run).map(({ invariant, detail }) => [invariant, detail])).toEqual([
      ['deadLetters', 'shop-chaos-payments-commands-dlq holds a message the run did not poison: {"type":"ChargePayment"}'],
      ['deadLetters', expect.stringContaining('is not in shop-chaos-orders-replies-dlq')],
    ]);
  });
});
