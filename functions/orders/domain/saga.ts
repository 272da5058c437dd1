/**
 * The order saga as one table: for each state, the events that move it (a reply from the catalog or
 * payments, a cancel, a deadline), the guard that picks a row, the state it moves to and what that
 * transition sends. `transition` runs the table; docs/saga.md's diagram is drawn from it
 * (saga-diagram.ts) and a test keeps the two the same. The messages are what happened, typed by their
 * contracts (lib/contracts/routes.ts says where each goes).
 *
 * A reply that fits no row (a duplicate, a late or reordered one) changes nothing; a cancel that fits
 * none is refused (409).
 */
import type { PaymentReply } from '../../../lib/contracts/payments.ts';
import type { SagaMessage, SagaMessageType } from '../../../lib/contracts/routes.ts';
import type { StockReply } from '../../../lib/contracts/stock.ts';
import { ConflictError } from '../../../lib/errors.ts';
import {
  COMPENSATING,
  deadlineOf,
  MAX_COMPENSATION_ATTEMPTS,
  newOrder,
  ORDER_STATES,
  type Actor,
  type CompensatingState,
  type Compensation,
  type CompensationCause,
  type NewOrder,
  type Order,
  type OrderState,
  type SagaContext,
} from './order.ts';

type WithoutEnvelope<M> = M extends { type: infer T; data: infer D } ? { type: T; data: D } : never;

/** A reply the saga gets on its queue, as its contract has it, without the envelope. */
export type SagaReply = WithoutEnvelope<StockReply | PaymentReply>;

/** Everything that can move an order. */
export type SagaEvent = SagaReply | { type: 'CancelRequested'; by: 'customer' | 'admin' } | { type: 'DeadlinePassed' };

type EventType = SagaEvent['type'];

/** What a transition makes: the order as it becomes (the same object when nothing changes) and what it sends. */
export type Step = Readonly<{ order: Order; messages: readonly SagaMessage[] }>;

/** A named condition on the order and the event, read in the table and drawn on the diagram. */
type Guard = Readonly<{ label: string; holds: (order: Order, event: SagaEvent) => boolean }>;

type Row = Readonly<{
  from: readonly OrderState[];
  on: EventType;
  when?: Guard;
  /** The state it moves to; `unchanged` acknowledges the event and changes nothing. */
  to: OrderState | 'unchanged';
  /** Who the history names as the cause (for a cancel: whoever asked). */
  by: Actor | 'requester';
  /** The history's reason. */
  why: string | ((order: Order, event: SagaEvent) => string);
  sends?: readonly SagaMessageType[];
  /** What else about the order changes. */
  update?: (order: Order, event: SagaEvent, ctx: SagaContext) => Partial<Order>;
}>;

const guard = (label: string, holds: Guard['holds']): Guard => ({ label, holds });

const costsNothing = guard('costs nothing', (order) => order.totalCents === 0);
const costsSomething = guard('costs something', (order) => order.totalCents > 0);
// Our own release came first, and the catalog answers a late reservation with ORDER_RELEASED: the compensation waits for StockReleased.
const stockRefused = guard('not held', (_order, event) => event.type === 'StockRejected' && event.data.reason !== 'ORDER_RELEASED');
// Likewise ORDER_VOIDED answers a charge that came after our own RefundPayment.
const cardDeclined = guard('card declined', (_order, event) => event.type === 'PaymentDeclined' && event.data.reason === 'CARD_DECLINED');
const headingFor = (outcome: Compensation['outcome']) => guard(`heading ${outcome}`, (order) => order.compensation?.outcome === outcome);
const triesLeft = guard('tries left', (order) => (order.compensation?.attempts ?? 0) < MAX_COMPENSATION_ATTEMPTS);
const noTriesLeft = guard('no tries left', (order) => (order.compensation?.attempts ?? 0) >= MAX_COMPENSATION_ATTEMPTS);
const gaveUpIn = (state: CompensatingState, outcome?: Compensation['outcome']) =>
  guard(`gave up in ${state}${outcome === undefined ? '' : `, heading ${outcome}`}`, (order) => order.compensation?.gaveUpIn === state && (outcome === undefined || order.compensation.outcome === outcome));

/** Enters a compensation heading for `outcome`, for `cause` (a cancel's cause: who asked). */
const compensate =
  (outcome: Compensation['outcome'], cause?: CompensationCause) =>
  (_order: Order, event: SagaEvent): Partial<Order> => ({
    compensation: { outcome, cause: cause ?? (event.type === 'CancelRequested' && event.by === 'admin' ? 'ADMIN_REQUEST' : 'CUSTOMER_REQUEST'), refundedCents: 0, attempts: 1 },
  });
const withCompensation = (order: Order, changes: Partial<Compensation>): Partial<Order> => ({ compensation: { ...(order.compensation as Compensation), ...changes } });
const refunded = (order: Order, event: SagaEvent): Partial<Order> =>
  withCompensation(order, { refundedCents: event.type === 'PaymentRefunded' ? event.data.refundedCents : (order.compensation?.refundedCents ?? 0) });
const triedAgain = (order: Order): Partial<Order> => withCompensation(order, { attempts: (order.compensation?.attempts ?? 0) + 1 });
const gaveUp = (order: Order): Partial<Order> => withCompensation(order, { gaveUpIn: order.state as CompensatingState });
/** A late answer resumes a compensation that gave up: a fresh count of tries for what is still owed. */
const resumed = (order: Order, event: SagaEvent): Partial<Order> => {
  const { gaveUpIn: _resumed, ...compensation } = { ...(order.compensation as Compensation), ...refunded(order, event).compensation, attempts: 1 };
  return { compensation };
};

/** What a compensation that gave up in each state still owes, as its OrderCompensationFailed says. */
const STILL_OWED = {
  RELEASING_STOCK: ['STOCK_RELEASE'],
  CANCELLING_PAYMENT: ['REFUND'],
  RELEASING_AND_CANCELLING: ['STOCK_RELEASE', 'REFUND'],
} as const satisfies Record<CompensatingState, readonly ('STOCK_RELEASE' | 'REFUND')[]>;

const awaiting = (state: CompensatingState): string =>
  ({ RELEASING_STOCK: 'the stock release', CANCELLING_PAYMENT: 'the payment\'s cancel or refund', RELEASING_AND_CANCELLING: 'the stock release and the payment\'s cancel or refund' })[state];

/**
 * The saga. Rows are tried in order; the first whose state, event and guard match decides.
 * PAID is passed through: a PaymentCharged moves STOCK_RESERVED to PAID, and PAID on to CONFIRMED, in one write.
 */
export const SAGA: readonly Row[] = [
  { from: ['PENDING'], on: 'StockReserved', when: costsSomething, to: 'STOCK_RESERVED', by: 'catalog', why: 'stock reserved', sends: ['ChargePayment'] },
  { from: ['PENDING'], on: 'StockReserved', when: costsNothing, to: 'CONFIRMED', by: 'catalog', why: 'stock reserved; nothing to pay', sends: ['OrderConfirmed'] },
  { from: ['PENDING'], on: 'StockRejected', when: stockRefused, to: 'REJECTED', by: 'catalog', why: (_order, event) => rejection(event), sends: ['OrderRejected'], update: rejectedFor },
  { from: ['PENDING'], on: 'CancelRequested', to: 'RELEASING_STOCK', by: 'requester', why: cancelledBy, sends: ['ReleaseStock'], update: compensate('CANCELLED') },
  { from: ['PENDING'], on: 'DeadlinePassed', to: 'RELEASING_STOCK', by: 'orders', why: 'the catalog did not answer in time', sends: ['ReleaseStock'], update: compensate('CANCELLED', 'STOCK_TIMED_OUT') },

  { from: ['STOCK_RESERVED'], on: 'PaymentCharged', to: 'PAID', by: 'payments', why: (_order, event) => `charged (payment ${event.type === 'PaymentCharged' ? event.data.paymentId : ''})`, update: (_order, event) => (event.type === 'PaymentCharged' ? { paymentId: event.data.paymentId } : {}) },
  { from: ['PAID'], on: 'PaymentCharged', to: 'CONFIRMED', by: 'orders', why: 'stock held and paid', sends: ['OrderConfirmed'] },
  { from: ['STOCK_RESERVED'], on: 'PaymentDeclined', when: cardDeclined, to: 'RELEASING_STOCK', by: 'payments', why: 'card declined', sends: ['ReleaseStock'], update: compensate('PAYMENT_FAILED', 'CARD_DECLINED') },
  { from: ['STOCK_RESERVED', 'CONFIRMED'], on: 'CancelRequested', to: 'RELEASING_AND_CANCELLING', by: 'requester', why: cancelledBy, sends: ['ReleaseStock', 'RefundPayment'], update: compensate('CANCELLED') },
  { from: ['STOCK_RESERVED'], on: 'DeadlinePassed', to: 'RELEASING_AND_CANCELLING', by: 'orders', why: 'the payment did not answer in time', sends: ['ReleaseStock', 'RefundPayment'], update: compensate('PAYMENT_FAILED', 'PAYMENT_TIMED_OUT') },

  { from: ['RELEASING_AND_CANCELLING'], on: 'StockReleased', to: 'CANCELLING_PAYMENT', by: 'catalog', why: 'stock released; waiting for the payment' },
  { from: ['RELEASING_AND_CANCELLING'], on: 'PaymentRefunded', to: 'RELEASING_STOCK', by: 'payments', why: paymentSettled, update: refunded },
  { from: ['RELEASING_STOCK'], on: 'StockReleased', when: headingFor('CANCELLED'), to: 'CANCELLED', by: 'catalog', why: endedBecause, sends: ['OrderCancelled'] },
  { from: ['RELEASING_STOCK'], on: 'StockReleased', when: headingFor('PAYMENT_FAILED'), to: 'PAYMENT_FAILED', by: 'catalog', why: endedBecause, sends: ['OrderPaymentFailed'] },
  { from: ['CANCELLING_PAYMENT'], on: 'PaymentRefunded', when: headingFor('CANCELLED'), to: 'CANCELLED', by: 'payments', why: endedBecause, sends: ['OrderCancelled'], update: refunded },
  { from: ['CANCELLING_PAYMENT'], on: 'PaymentRefunded', when: headingFor('PAYMENT_FAILED'), to: 'PAYMENT_FAILED', by: 'payments', why: endedBecause, sends: ['OrderPaymentFailed'], update: refunded },
  // A cancel of an order already giving back what it holds wants what is under way: it is taken, and changes nothing.
  { from: [...COMPENSATING, 'COMPENSATION_FAILED'], on: 'CancelRequested', to: 'unchanged', by: 'requester', why: 'already being given back' },

  { from: ['RELEASING_STOCK'], on: 'DeadlinePassed', when: triesLeft, to: 'RELEASING_STOCK', by: 'orders', why: triedAgainBecause, sends: ['ReleaseStock'], update: triedAgain },
  { from: ['CANCELLING_PAYMENT'], on: 'DeadlinePassed', when: triesLeft, to: 'CANCELLING_PAYMENT', by: 'orders', why: triedAgainBecause, sends: ['RefundPayment'], update: triedAgain },
  { from: ['RELEASING_AND_CANCELLING'], on: 'DeadlinePassed', when: triesLeft, to: 'RELEASING_AND_CANCELLING', by: 'orders', why: triedAgainBecause, sends: ['ReleaseStock', 'RefundPayment'], update: triedAgain },
  { from: COMPENSATING, on: 'DeadlinePassed', when: noTriesLeft, to: 'COMPENSATION_FAILED', by: 'orders', why: (order) => `${awaiting(order.state as CompensatingState)} did not complete`, sends: ['OrderCompensationFailed'], update: gaveUp },

  { from: ['COMPENSATION_FAILED'], on: 'StockReleased', when: gaveUpIn('RELEASING_STOCK', 'CANCELLED'), to: 'CANCELLED', by: 'catalog', why: endedBecause, sends: ['OrderCancelled'] },
  { from: ['COMPENSATION_FAILED'], on: 'StockReleased', when: gaveUpIn('RELEASING_STOCK', 'PAYMENT_FAILED'), to: 'PAYMENT_FAILED', by: 'catalog', why: endedBecause, sends: ['OrderPaymentFailed'] },
  { from: ['COMPENSATION_FAILED'], on: 'PaymentRefunded', when: gaveUpIn('CANCELLING_PAYMENT', 'CANCELLED'), to: 'CANCELLED', by: 'payments', why: endedBecause, sends: ['OrderCancelled'], update: refunded },
  { from: ['COMPENSATION_FAILED'], on: 'PaymentRefunded', when: gaveUpIn('CANCELLING_PAYMENT', 'PAYMENT_FAILED'), to: 'PAYMENT_FAILED', by: 'payments', why: endedBecause, sends: ['OrderPaymentFailed'], update: refunded },
  { from: ['COMPENSATION_FAILED'], on: 'StockReleased', when: gaveUpIn('RELEASING_AND_CANCELLING'), to: 'CANCELLING_PAYMENT', by: 'catalog', why: 'stock released late; waiting for the payment again', update: resumed },
  { from: ['COMPENSATION_FAILED'], on: 'PaymentRefunded', when: gaveUpIn('RELEASING_AND_CANCELLING'), to: 'RELEASING_STOCK', by: 'payments', why: 'payment settled late; waiting for the stock again', update: resumed },
];

function cancelledBy(_order: Order, event: SagaEvent): string {
  return `cancelled by the ${event.type === 'CancelRequested' ? event.by : 'customer'}`;
}

function rejectedFor(_order: Order, event: SagaEvent): Partial<Order> {
  return event.type === 'StockRejected' && event.data.reason !== 'ORDER_RELEASED' ? { rejection: event.data.reason } : {};
}

function rejection(event: SagaEvent): string {
  if (event.type !== 'StockRejected') return 'stock refused';
  return event.data.reason === 'UNKNOWN_PRODUCT' ? `unknown product ${event.data.productId ?? ''}`.trim() : `not enough stock of ${event.data.productId ?? 'a product'}`;
}

function paymentSettled(order: Order, event: SagaEvent): string {
  const refundedCents = event.type === 'PaymentRefunded' ? event.data.refundedCents : 0;
  return `payment ${refundedCents > 0 ? 'refunded' : order.paymentId === undefined ? 'called off' : 'settled'}; waiting for the stock`;
}

const CAUSES: Record<CompensationCause, string> = {
  CUSTOMER_REQUEST: 'cancelled by the customer',
  ADMIN_REQUEST: 'cancelled by an admin',
  STOCK_TIMED_OUT: 'the catalog did not answer in time',
  CARD_DECLINED: 'card declined',
  PAYMENT_TIMED_OUT: 'the payment did not answer in time',
};

function endedBecause(order: Order): string {
  return CAUSES[order.compensation?.cause ?? 'CUSTOMER_REQUEST'];
}

function triedAgainBecause(order: Order): string {
  return `${awaiting(order.state as CompensatingState)} asked again (attempt ${(order.compensation?.attempts ?? 0) + 1})`;
}

/** The first row that fits the order and the event. */
function rowFor(order: Order, event: SagaEvent): Row | undefined {
  return SAGA.find((row) => row.on === event.type && row.from.includes(order.state) && (row.when === undefined || row.when.holds(order, event)));
}

/** The order moved along one row: its new state, data, history entry and deadline (the version moves once per write). */
function moved(order: Order, row: Row, event: SagaEvent, ctx: SagaContext, to: OrderState): Order {
  const at = ctx.now.toISOString();
  const by = row.by === 'requester' ? (event.type === 'CancelRequested' ? event.by : 'customer') : row.by;
  const reason = typeof row.why === 'string' ? row.why : row.why(order, event);
  const { deadline: _ended, ...next }: Order = { ...order, ...row.update?.(order, event, ctx), state: to, history: [...order.history, { state: to, at, by, reason }] };
  const deadline = deadlineOf(to, ctx);
  return deadline === undefined ? next : { ...next, deadline };
}

/**
 * Moves the order by one event, by the table: the order as it becomes, one version on, and what the
 * transition sends (a passing state is passed in the same step). A deadline that has not passed, or a
 * reply that fits no row, changes nothing; a cancel that fits no row is refused.
 */
export function transition(order: Order, event: SagaEvent, ctx: SagaContext): Step {
  if (event.type === 'DeadlinePassed' && (order.deadline === undefined || ctx.now.getTime() < Date.parse(order.deadline))) return unchanged(order);
  if (event.type !== 'CancelRequested' && event.type !== 'DeadlinePassed' && event.data.orderId !== order.id) return unchanged(order);
  let row = rowFor(order, event);
  if (row === undefined || row.to === 'unchanged') {
    if (event.type === 'CancelRequested' && row === undefined) throw new ConflictError(refusal(order));
    return unchanged(order);
  }
  let next = moved(order, row, event, ctx, row.to);
  let sends: SagaMessageType[] = [...(row.sends ?? [])];
  // A passing state moves on at once, in the same write.
  while (ORDER_STATES[next.state].kind === 'passing') {
    row = rowFor(next, event);
    if (row === undefined || row.to === 'unchanged') throw new Error(`The saga has no way out of ${next.state} on ${event.type}.`);
    next = moved(next, row, event, ctx, row.to);
    sends = [...sends, ...(row.sends ?? [])];
  }
  const step = { ...next, version: order.version + 1 };
  return { order: step, messages: sends.map((type) => messageOf(type, step, ctx)) };
}

function refusal(order: Order): string {
  return `Order ${order.id} is ${order.state}; it cannot be cancelled.`;
}

const unchanged = (order: Order): Step => ({ order, messages: [] });

/** A new order in PENDING, and the ReserveStock that starts its saga. */
export function startOrder(input: NewOrder, ctx: SagaContext): Step {
  const order = newOrder(input, ctx);
  return { order, messages: [messageOf('ReserveStock', order, ctx)] };
}

/** What each message the saga sends says, from the order as the transition left it. */
function messageOf(type: SagaMessageType, order: Order, ctx: SagaContext): SagaMessage {
  const { id: orderId, customerId, customerEmail, totalCents, currency, compensation } = order;
  const outcome = { orderId, customerId, customerEmail, totalCents, currency };
  switch (type) {
    case 'ReserveStock':
      return { type, data: { orderId, items: order.lines.map(({ productId, quantity }) => ({ productId, quantity })), replyTo: ctx.replyTo } };
    case 'ReleaseStock':
      return { type, data: { orderId, replyTo: ctx.replyTo } };
    case 'ChargePayment': {
      const { paymentMethod } = order;
      return { type, data: { orderId, customerId, amountCents: totalCents, currency, replyTo: ctx.replyTo, deadline: String(order.deadline), ...(paymentMethod === undefined ? {} : { paymentMethod }) } };
    }
    case 'RefundPayment':
      return { type, data: { orderId, replyTo: ctx.replyTo } };
    case 'OrderConfirmed':
      return { type, data: outcome };
    case 'OrderRejected':
      return { type, data: { ...outcome, reason: order.rejection ?? 'INSUFFICIENT_STOCK' } };
    case 'OrderPaymentFailed':
      return { type, data: { ...outcome, reason: compensation?.cause === 'CARD_DECLINED' ? 'CARD_DECLINED' : 'PAYMENT_TIMED_OUT', refundedCents: compensation?.refundedCents ?? 0 } };
    case 'OrderCancelled': {
      const cause = compensation?.cause;
      return { type, data: { ...outcome, reason: cause === 'ADMIN_REQUEST' || cause === 'STOCK_TIMED_OUT' ? cause : 'CUSTOMER_REQUEST', refundedCents: compensation?.refundedCents ?? 0 } };
    }
    case 'OrderCompensationFailed':
      return { type, data: { ...outcome, outcome: compensation?.outcome ?? 'CANCELLED', pending: [...STILL_OWED[compensation?.gaveUpIn ?? 'RELEASING_AND_CANCELLING']] } };
  }
}
