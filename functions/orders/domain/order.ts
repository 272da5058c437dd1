/**
 * The order: what a customer bought, at which prices, and where its saga stands. Its states and what
 * moves them are the saga's table (saga.ts); this module holds the order itself and how one starts.
 */
import { createHash } from 'node:crypto';

/**
 * Every state an order can be in, and what kind it is:
 * - open: waiting for an answer, with a deadline (`stock`, `payment`, `compensation`) past which the sweeper acts;
 * - passing: a step the order goes through within one write (shown in its history only);
 * - settled: final, but a cancel can still leave it;
 * - stalled: a compensation that gave up, which the answers it waited for can still resume;
 * - final: nothing moves it any more.
 */
export const ORDER_STATES = {
  PENDING: { kind: 'open', deadline: 'stock', meaning: 'placed; its stock is asked for' },
  STOCK_RESERVED: { kind: 'open', deadline: 'payment', meaning: 'its stock is held; its payment is asked for' },
  PAID: { kind: 'passing', meaning: 'the payment was taken' },
  CONFIRMED: { kind: 'settled', meaning: 'held and paid' },
  REJECTED: { kind: 'final', meaning: 'the stock could not be held; nothing was taken' },
  RELEASING_STOCK: { kind: 'open', deadline: 'compensation', meaning: 'giving its stock back' },
  CANCELLING_PAYMENT: { kind: 'open', deadline: 'compensation', meaning: 'calling its payment off, or refunding it' },
  RELEASING_AND_CANCELLING: { kind: 'open', deadline: 'compensation', meaning: 'giving its stock back and calling its payment off' },
  COMPENSATION_FAILED: { kind: 'stalled', meaning: 'the stock or the payment is still owed after the last attempt' },
  PAYMENT_FAILED: { kind: 'final', meaning: 'the payment did not go through; everything was given back' },
  CANCELLED: { kind: 'final', meaning: 'cancelled; everything was given back' },
} as const;

export type OrderState = keyof typeof ORDER_STATES;

/** The states an order can be found in: every state but those it passes through within one write (PAID). */
export const STORED_STATES = (Object.keys(ORDER_STATES) as OrderState[]).filter((state) => ORDER_STATES[state].kind !== 'passing');
type Deadline = 'stock' | 'payment' | 'compensation';

/** The states in which an order gives back what it holds, each with what it waits for. */
export const COMPENSATING = ['RELEASING_STOCK', 'CANCELLING_PAYMENT', 'RELEASING_AND_CANCELLING'] as const;
export type CompensatingState = (typeof COMPENSATING)[number];

export type OrderLine = Readonly<{ productId: string; quantity: number; unitPriceCents: number }>;

/** Who caused a state change: a service of the shop, or the customer (or an admin) acting on the order. */
export type Actor = 'orders' | 'catalog' | 'payments' | 'customer' | 'admin';

type HistoryEntry = Readonly<{ state: OrderState; at: string; by: Actor; reason: string }>;

/** Why an order is being given back, as its outcome's event will say. */
export type CompensationCause = 'CUSTOMER_REQUEST' | 'ADMIN_REQUEST' | 'STOCK_TIMED_OUT' | 'CARD_DECLINED' | 'PAYMENT_TIMED_OUT';

/** A compensation under way: where it goes, why, what was given back so far, and how often it was asked. */
export type Compensation = Readonly<{
  outcome: 'PAYMENT_FAILED' | 'CANCELLED';
  cause: CompensationCause;
  refundedCents: number;
  /** How many times its commands were sent; past MAX_COMPENSATION_ATTEMPTS it gives up. */
  attempts: number;
  /** The state it gave up in, once it is COMPENSATION_FAILED: what it still waits for. */
  gaveUpIn?: CompensatingState;
}>;

export type Order = Readonly<{
  id: string;
  customerId: string;
  customerEmail: string;
  lines: readonly OrderLine[];
  totalCents: number;
  currency: string;
  state: OrderState;
  /** Bumped by every write: a write expects the version it read. */
  version: number;
  placedAt: string;
  /** When an open order's wait ends and the sweeper acts; absent in any other state. */
  deadline?: string;
  /** The customer's payment method at the provider, when they named one (else payments uses its default). */
  paymentMethod?: string;
  paymentId?: string;
  /** Why the catalog refused the stock, once REJECTED. */
  rejection?: 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT';
  compensation?: Compensation;
  history: readonly HistoryEntry[];
}>;

/** How long each kind of wait may last, in seconds. */
export type SagaTimeouts = Readonly<{ stockSeconds: number; paymentSeconds: number; compensationSeconds: number }>;

/** What every step needs besides the order: the time, where replies come back, and the timeouts. */
export type SagaContext = Readonly<{ now: Date; replyTo: string; timeouts: SagaTimeouts }>;

/** Sending a compensation's commands again this many times without an answer gives it up (COMPENSATION_FAILED). */
export const MAX_COMPENSATION_ATTEMPTS = 5;

/** The most one order may cost: what a ChargePayment can carry (lib/contracts/fields.ts `cents`). */
export const MAX_ORDER_TOTAL_CENTS = 100_000_000_00;

export type NewOrder = Readonly<{
  id: string;
  customerId: string;
  customerEmail: string;
  lines: readonly OrderLine[];
  currency: string;
  paymentMethod?: string;
}>;

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

const secondsLater = (now: Date, seconds: number): string => new Date(now.getTime() + seconds * 1000).toISOString();

const TIMEOUT_OF: Record<Deadline, keyof SagaTimeouts> = { stock: 'stockSeconds', payment: 'paymentSeconds', compensation: 'compensationSeconds' };

/** Which of the saga's timeouts bounds the wait of `state`, if it is an open state. */
export function timeoutOf(state: OrderState): keyof SagaTimeouts | undefined {
  const kind = ORDER_STATES[state];
  return 'deadline' in kind ? TIMEOUT_OF[kind.deadline] : undefined;
}

/** When the wait of `state` ends, if it is an open state. */
export function deadlineOf(state: OrderState, { now, timeouts }: SagaContext): string | undefined {
  const timeout = timeoutOf(state);
  return timeout === undefined ? undefined : secondsLater(now, timeouts[timeout]);
}

/** A new order in PENDING, with the prices as placed and its total in cents. */
export function newOrder(input: NewOrder, ctx: SagaContext): Order {
  const totalCents = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  const placedAt = ctx.now.toISOString();
  return {
    ...input,
    lines: input.lines.map((line) => ({ ...line })),
    totalCents,
    state: 'PENDING',
    version: 1,
    placedAt,
    deadline: deadlineOf('PENDING', ctx),
    history: [{ state: 'PENDING', at: placedAt, by: 'customer', reason: 'placed' }],
  };
}
