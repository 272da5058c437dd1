/**
 * The order and its saga, pure: each step is a named function that takes the order and what happened
 * (a reply, a cancel, a deadline) and returns the order it becomes and the messages that causes, which
 * the repository commits in one conditional write. A reply that does not fit the order's state (a
 * duplicate, a late or reordered one) changes nothing; a request that the state forbids is refused.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../../../lib/errors.ts';

type OpenState = 'PENDING' | 'STOCK_RESERVED' | 'COMPENSATING';
type FinalState = 'CONFIRMED' | 'REJECTED' | 'PAYMENT_FAILED' | 'CANCELLED' | 'COMPENSATION_FAILED';
/** PAID is passed through: nothing happens between being paid and confirmed, so it shows in the history only. */
type OrderState = OpenState | FinalState | 'PAID';

export type OrderLine = Readonly<{ productId: string; quantity: number; unitPriceCents: number }>;

/** Who caused a state change: a service of the shop, or the customer (or an admin) acting on the order. */
type Actor = 'orders' | 'catalog' | 'payments' | 'customer' | 'admin';

type HistoryEntry = Readonly<{ state: OrderState; at: string; by: Actor; reason: string }>;

/** Why an order is cancelled, as its OrderCancelled event says. */
type Cancellation = 'CUSTOMER_REQUEST' | 'ADMIN_REQUEST' | 'STOCK_TIMED_OUT';

/** Where a compensation goes, and which of its answers it still waits for. */
type Compensation = Readonly<{
  outcome: 'PAYMENT_FAILED' | 'CANCELLED';
  reason: string;
  /** The reason an OrderPaymentFailed event gives. */
  failure?: 'CARD_DECLINED' | 'PAYMENT_TIMED_OUT';
  /** The reason an OrderCancelled event gives (a customer's cancel when absent). */
  cancellation?: Cancellation;
  awaitingStock: boolean;
  awaitingRefund: boolean;
  refundedCents: number;
  /** How many times its commands were sent; past MAX_COMPENSATION_ATTEMPTS the order fails. */
  attempts: number;
}>;

export type Order = Readonly<{
  id: string;
  customerId: string;
  customerEmail: string;
  lines: readonly OrderLine[];
  totalCents: number;
  currency: string;
  state: OrderState;
  /** Bumped by every transition: the write expects the version it read. */
  version: number;
  placedAt: string;
  /** When an open order moves into its compensations; absent once it is final. */
  deadline?: string;
  /** The customer's payment method at the provider, when they named one (else payments uses its default). */
  paymentMethod?: string;
  paymentId?: string;
  compensation?: Compensation;
  history: readonly HistoryEntry[];
}>;

/** A message a transition causes, to a queue of another service (found by name through the registry). */
export type Outgoing =
  | { to: { service: 'catalog'; queue: 'stock-commands' }; type: 'ReserveStock'; data: { orderId: string; items: StockItem[]; replyTo: string } }
  | { to: { service: 'catalog'; queue: 'stock-commands' }; type: 'ReleaseStock'; data: { orderId: string; replyTo: string } }
  | {
      to: { service: 'payments'; queue: 'commands' };
      type: 'ChargePayment';
      data: { orderId: string; customerId: string; amountCents: number; currency: string; replyTo: string; deadline: string; paymentMethod?: string };
    }
  | { to: { service: 'payments'; queue: 'commands' }; type: 'RefundPayment'; data: { orderId: string; replyTo: string } }
  | { to: { service: 'notifications'; queue: 'order-events' }; type: OrderEventType; data: OrderEventData };

type StockItem = { productId: string; quantity: number };
type OrderEventType = 'OrderConfirmed' | 'OrderRejected' | 'OrderPaymentFailed' | 'OrderCancelled' | 'OrderCompensationFailed';
type OrderEventData = {
  orderId: string;
  customerId: string;
  customerEmail: string;
  totalCents: number;
  currency: string;
  reason?: string;
  refundedCents?: number;
  outcome?: Compensation['outcome'];
  pending?: Array<'STOCK_RELEASE' | 'REFUND'>;
};

/** The replies orders gets on its queue, as the contracts in lib/contracts have their data. */
export type SagaReply =
  | { type: 'StockReserved'; data: { orderId: string; items: StockItem[] } }
  | { type: 'StockRejected'; data: { orderId: string; reason: 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT' | 'ORDER_RELEASED'; productId?: string } }
  | { type: 'StockReleased'; data: { orderId: string; items: StockItem[] } }
  | { type: 'PaymentCharged'; data: { orderId: string; paymentId: string; amountCents: number; currency: string } }
  | { type: 'PaymentDeclined'; data: { orderId: string; reason: 'CARD_DECLINED' | 'ORDER_VOIDED' } }
  | { type: 'PaymentRefunded'; data: { orderId: string; refundedCents: number; currency?: string } };

/** How long each open state may last, in seconds. */
export type SagaTimeouts = Readonly<{ stockSeconds: number; paymentSeconds: number; compensationSeconds: number }>;

/** What every step needs besides the order: the time, where replies come back, and the timeouts. */
export type SagaContext = Readonly<{ now: Date; replyTo: string; timeouts: SagaTimeouts }>;

export type Step = Readonly<{ order: Order; messages: readonly Outgoing[] }>;

/** Sending a compensation's commands again this many times without an answer ends in COMPENSATION_FAILED. */
export const MAX_COMPENSATION_ATTEMPTS = 5;

export type PlaceOrder = Readonly<{
  id: string;
  customerId: string;
  customerEmail: string;
  lines: readonly OrderLine[];
  currency: string;
  paymentMethod?: string;
}>;

/** The most one order may cost: what a ChargePayment can carry (lib/contracts/fields.ts `cents`). */
export const MAX_ORDER_TOTAL_CENTS = 100_000_000_00;

/**
 * The id of the order a customer places under an Idempotency-Key: a UUID (version 8, RFC 9562) made
 * from both, so a retry that comes after a crash, or after the idempotency record expired, finds the
 * order it placed instead of placing a second one.
 */
export function orderIdFor(customerId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`order\n${customerId}\n${idempotencyKey}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const id = hex.join('');
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

/** Whether a stored order is the one these lines ask for (the same products and quantities, in any order). */
export function sameLines(order: Order, items: ReadonlyArray<{ productId: string; quantity: number }>): boolean {
  const key = (lines: ReadonlyArray<{ productId: string; quantity: number }>) =>
    lines.map(({ productId, quantity }) => `${productId}:${quantity}`).sort().join(',');
  return key(order.lines) === key(items);
}

const CATALOG = { service: 'catalog', queue: 'stock-commands' } as const;
const PAYMENTS = { service: 'payments', queue: 'commands' } as const;
const NOTIFICATIONS = { service: 'notifications', queue: 'order-events' } as const;

const unchanged = (order: Order): Step => ({ order, messages: [] });

const secondsLater = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

/** The order one step on: its new state and fields, a history entry, the next version and deadline. */
function moved(order: Order, state: OrderState, by: Actor, reason: string, ctx: SagaContext, changes: Partial<Order> = {}): Order {
  const at = ctx.now.toISOString();
  const next: Order = { ...order, ...changes, state, version: order.version + 1, history: [...order.history, { state, at, by, reason }] };
  const deadline = deadlineOf(state, ctx);
  if (deadline === undefined) {
    const { deadline: _closed, ...closed } = next;
    return closed;
  }
  return { ...next, deadline };
}

function deadlineOf(state: OrderState, { now, timeouts }: SagaContext): string | undefined {
  switch (state) {
    case 'PENDING':
      return secondsLater(now, timeouts.stockSeconds);
    case 'STOCK_RESERVED':
      return secondsLater(now, timeouts.paymentSeconds);
    case 'COMPENSATING':
      return secondsLater(now, timeouts.compensationSeconds);
    default:
      return undefined;
  }
}

function outcomeEvent(order: Order, type: OrderEventType, extra: Pick<OrderEventData, 'reason' | 'refundedCents' | 'outcome' | 'pending'> = {}): Outgoing {
  const { id: orderId, customerId, customerEmail, totalCents, currency } = order;
  return { to: NOTIFICATIONS, type, data: { orderId, customerId, customerEmail, totalCents, currency, ...extra } };
}

const reserveStock = (order: Order, ctx: SagaContext): Outgoing => ({
  to: CATALOG,
  type: 'ReserveStock',
  data: { orderId: order.id, items: order.lines.map(({ productId, quantity }) => ({ productId, quantity })), replyTo: ctx.replyTo },
});
const releaseStock = (order: Order, ctx: SagaContext): Outgoing => ({ to: CATALOG, type: 'ReleaseStock', data: { orderId: order.id, replyTo: ctx.replyTo } });
const refundPayment = (order: Order, ctx: SagaContext): Outgoing => ({ to: PAYMENTS, type: 'RefundPayment', data: { orderId: order.id, replyTo: ctx.replyTo } });

/** A new order in PENDING, the prices as placed, and the ReserveStock that starts its saga. */
export function placeOrder(input: PlaceOrder, ctx: SagaContext): Step {
  const totalCents = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  const placedAt = ctx.now.toISOString();
  const order: Order = {
    ...input,
    lines: input.lines.map((line) => ({ ...line })),
    totalCents,
    state: 'PENDING',
    version: 1,
    placedAt,
    deadline: deadlineOf('PENDING', ctx),
    history: [{ state: 'PENDING', at: placedAt, by: 'customer', reason: 'placed' }],
  };
  return { order, messages: [reserveStock(order, ctx)] };
}

/** Moves the order on by a reply from the catalog or payments; a reply that does not fit changes nothing. */
export function applyReply(order: Order, reply: SagaReply, ctx: SagaContext): Step {
  if (reply.data.orderId !== order.id) return unchanged(order);
  switch (reply.type) {
    case 'StockReserved':
      return stockReserved(order, ctx);
    case 'StockRejected':
      return stockRejected(order, reply.data, ctx);
    case 'StockReleased':
      return stockReleased(order, ctx);
    case 'PaymentCharged':
      return paymentCharged(order, reply.data, ctx);
    case 'PaymentDeclined':
      return paymentDeclined(order, reply.data, ctx);
    case 'PaymentRefunded':
      return paymentRefunded(order, reply.data, ctx);
  }
}

/**
 * PENDING -> STOCK_RESERVED: the stock is held, so the order is charged, until the payment's deadline.
 * An order that costs nothing has nothing to charge: it is confirmed at once.
 */
function stockReserved(order: Order, ctx: SagaContext): Step {
  if (order.state !== 'PENDING') return unchanged(order);
  const next = moved(order, 'STOCK_RESERVED', 'catalog', 'stock reserved', ctx);
  if (order.totalCents === 0) {
    const confirmed = { ...moved(next, 'CONFIRMED', 'orders', 'stock held; nothing to pay', ctx), version: next.version };
    return { order: confirmed, messages: [outcomeEvent(confirmed, 'OrderConfirmed')] };
  }
  const { id: orderId, customerId, totalCents: amountCents, currency, paymentMethod } = order;
  const charge: Outgoing = {
    to: PAYMENTS,
    type: 'ChargePayment',
    data: { orderId, customerId, amountCents, currency, replyTo: ctx.replyTo, deadline: String(next.deadline), ...(paymentMethod === undefined ? {} : { paymentMethod }) },
  };
  return { order: next, messages: [charge] };
}

/** PENDING -> REJECTED: the catalog held nothing, so there is nothing to give back. */
function stockRejected(order: Order, { reason, productId }: Extract<SagaReply, { type: 'StockRejected' }>['data'], ctx: SagaContext): Step {
  // ORDER_RELEASED answers a reservation that came after our own release: the compensation waits for StockReleased.
  if (order.state !== 'PENDING' || reason === 'ORDER_RELEASED') return unchanged(order);
  const why = reason === 'UNKNOWN_PRODUCT' ? `unknown product ${productId ?? ''}`.trim() : `not enough stock of ${productId ?? 'a product'}`;
  const next = moved(order, 'REJECTED', 'catalog', why, ctx);
  return { order: next, messages: [outcomeEvent(next, 'OrderRejected', { reason })] };
}

/** STOCK_RESERVED -> PAID -> CONFIRMED, in one write: the history shows both. */
function paymentCharged(order: Order, { paymentId }: { paymentId: string }, ctx: SagaContext): Step {
  if (order.state !== 'STOCK_RESERVED') return unchanged(order);
  const paid = moved(order, 'PAID', 'payments', `charged (payment ${paymentId})`, ctx, { paymentId });
  const confirmed = { ...moved(paid, 'CONFIRMED', 'orders', 'stock held and paid', ctx), version: order.version + 1 };
  return { order: confirmed, messages: [outcomeEvent(confirmed, 'OrderConfirmed')] };
}

/** STOCK_RESERVED -> COMPENSATING (to PAYMENT_FAILED): the card was declined, so the stock goes back. */
function paymentDeclined(order: Order, { reason }: { reason: 'CARD_DECLINED' | 'ORDER_VOIDED' }, ctx: SagaContext): Step {
  // ORDER_VOIDED answers a charge that came after our own refund: the compensation waits for PaymentRefunded.
  if (order.state !== 'STOCK_RESERVED' || reason === 'ORDER_VOIDED') return unchanged(order);
  return compensate(order, ctx, 'payments', { outcome: 'PAYMENT_FAILED', reason: 'card declined', failure: 'CARD_DECLINED', stock: true, refund: false });
}

/**
 * In a compensation, the stock is back; the order ends when nothing else is awaited. A compensation
 * that gave up (COMPENSATION_FAILED) still takes the answers that come late, and ends as it would have.
 */
function stockReleased(order: Order, ctx: SagaContext): Step {
  if (!compensating(order) || order.compensation?.awaitingStock !== true) return unchanged(order);
  return settled(order, { ...order.compensation, awaitingStock: false }, 'catalog', ctx);
}

/** In a compensation, the payment is refunded (or voided, with 0); the order ends when nothing else is awaited. */
function paymentRefunded(order: Order, { refundedCents }: { refundedCents: number }, ctx: SagaContext): Step {
  if (!compensating(order) || order.compensation?.awaitingRefund !== true) return unchanged(order);
  return settled(order, { ...order.compensation, awaitingRefund: false, refundedCents }, 'payments', ctx);
}

const compensating = (order: Order): boolean => order.state === 'COMPENSATING' || order.state === 'COMPENSATION_FAILED';

/**
 * The customer (or an admin) cancels: accepted before CONFIRMED and in CONFIRMED; the order gives back
 * what it holds (stock, and the payment, which RefundPayment voids if it has not been taken yet). A cancel
 * of an order already being cancelled changes nothing; a final order refuses it.
 */
export function cancelOrder(order: Order, by: 'customer' | 'admin', ctx: SagaContext): Step {
  const cancellation = by === 'admin' ? 'ADMIN_REQUEST' : 'CUSTOMER_REQUEST';
  switch (order.state) {
    case 'PENDING':
      return compensate(order, ctx, by, { outcome: 'CANCELLED', reason: `cancelled by the ${by}`, cancellation, stock: true, refund: false });
    case 'STOCK_RESERVED':
    case 'CONFIRMED':
      return compensate(order, ctx, by, { outcome: 'CANCELLED', reason: `cancelled by the ${by}`, cancellation, stock: true, refund: true });
    case 'COMPENSATING':
      if (order.compensation?.outcome === 'CANCELLED') return unchanged(order);
      throw new ConflictError(`Order ${order.id} is already failing (${order.compensation?.reason ?? 'compensating'}); it cannot be cancelled.`);
    default:
      throw new ConflictError(`Order ${order.id} is ${order.state}; it cannot be cancelled.`);
  }
}

/**
 * Past its deadline an open order moves into its compensations: no answer on the stock means the stock
 * is released (a late reservation is given back, or barred), no answer on the payment means it is
 * refunded (voided) and the stock released; a compensation with no answer sends its commands again,
 * and after MAX_COMPENSATION_ATTEMPTS it fails, which raises an alarm. Before its deadline, nothing.
 */
export function deadlinePassed(order: Order, ctx: SagaContext): Step {
  if (order.deadline === undefined || ctx.now.getTime() < Date.parse(order.deadline)) return unchanged(order);
  switch (order.state) {
    case 'PENDING':
      return compensate(order, ctx, 'orders', { outcome: 'CANCELLED', reason: 'the catalog did not answer in time', cancellation: 'STOCK_TIMED_OUT', stock: true, refund: false });
    case 'STOCK_RESERVED':
      return compensate(order, ctx, 'orders', {
        outcome: 'PAYMENT_FAILED',
        reason: 'the payment did not answer in time',
        failure: 'PAYMENT_TIMED_OUT',
        stock: true,
        refund: true,
      });
    case 'COMPENSATING':
      return retryCompensation(order, ctx);
    default:
      return unchanged(order);
  }
}

type CompensationPlan = {
  outcome: Compensation['outcome'];
  reason: string;
  failure?: Compensation['failure'];
  cancellation?: Cancellation;
  stock: boolean;
  refund: boolean;
};

function compensate(order: Order, ctx: SagaContext, by: Actor, plan: CompensationPlan): Step {
  const compensation: Compensation = {
    outcome: plan.outcome,
    reason: plan.reason,
    ...(plan.failure === undefined ? {} : { failure: plan.failure }),
    ...(plan.cancellation === undefined ? {} : { cancellation: plan.cancellation }),
    awaitingStock: plan.stock,
    awaitingRefund: plan.refund,
    refundedCents: 0,
    attempts: 1,
  };
  const next = moved(order, 'COMPENSATING', by, plan.reason, ctx, { compensation });
  return { order: next, messages: compensationCommands(next, ctx) };
}

function compensationCommands(order: Order, ctx: SagaContext): Outgoing[] {
  const { compensation } = order;
  return [
    ...(compensation?.awaitingStock === true ? [releaseStock(order, ctx)] : []),
    ...(compensation?.awaitingRefund === true ? [refundPayment(order, ctx)] : []),
  ];
}

function retryCompensation(order: Order, ctx: SagaContext): Step {
  const compensation = order.compensation;
  if (compensation === undefined) return unchanged(order);
  if (compensation.attempts >= MAX_COMPENSATION_ATTEMPTS) {
    const awaited = [compensation.awaitingStock ? 'the stock release' : '', compensation.awaitingRefund ? 'the refund' : ''].filter(Boolean);
    const next = moved(order, 'COMPENSATION_FAILED', 'orders', `${awaited.join(' and ')} did not complete (${compensation.reason})`, ctx);
    const pending = [...(compensation.awaitingStock ? ['STOCK_RELEASE' as const] : []), ...(compensation.awaitingRefund ? ['REFUND' as const] : [])];
    return { order: next, messages: [outcomeEvent(next, 'OrderCompensationFailed', { outcome: compensation.outcome, pending })] };
  }
  const again = { ...compensation, attempts: compensation.attempts + 1 };
  const next = moved(order, 'COMPENSATING', 'orders', `compensation sent again (attempt ${again.attempts})`, ctx, { compensation: again });
  return { order: next, messages: compensationCommands(next, ctx) };
}

/** A compensation with one answer more: still waiting, or done (the outcome and its event). */
function settled(order: Order, compensation: Compensation, by: Actor, ctx: SagaContext): Step {
  if (compensation.awaitingStock || compensation.awaitingRefund) {
    // A payment never taken is called off at the provider, not refunded (payments/domain/payment.ts).
    const payment = order.paymentId === undefined ? 'the payment to be called off' : 'the refund';
    const reason = compensation.awaitingStock ? 'payment settled; waiting for the stock' : `stock released; waiting for ${payment}`;
    return { order: moved(order, order.state, by, reason, ctx, { compensation }), messages: [] };
  }
  const next = moved(order, compensation.outcome, by, compensation.reason, ctx, { compensation });
  const event =
    compensation.outcome === 'CANCELLED'
      ? outcomeEvent(next, 'OrderCancelled', { reason: compensation.cancellation ?? 'CUSTOMER_REQUEST', refundedCents: compensation.refundedCents })
      : outcomeEvent(next, 'OrderPaymentFailed', { reason: compensation.failure ?? 'CARD_DECLINED', refundedCents: compensation.refundedCents });
  return { order: next, messages: [event] };
}
