/**
 * What must hold after a chaos run, checked from the client's own record of what it did (the load's
 * record and the poison it sent) against what the services and emulators hold (the evidence). Pure:
 * each check takes both and returns its violations, each naming the order it is about when there is one.
 */
import { ORDER_STATES, orderIdFor, timeoutOf, type OrderState } from '../../functions/orders/domain/order.ts';
import type { PoisonSent } from './faults.ts';
import { FINAL_STATES, type LoadRecord } from '../load/crowd.ts';

type Line = { productId: string; quantity: number };
type HistoryEntry = { state: string; at: string; by?: string; reason?: string };

export type OrderSeen = { id: string; customerId: string; state: string; lines: Line[]; totalCents: number; history: HistoryEntry[] };

export type Evidence = {
  /** Every order in the orders table. */
  orders: OrderSeen[];
  /** The run's products, as the catalog's API shows them. */
  products: Array<{ id: string; stock: number }>;
  /** The catalog's record of each order's stock (RESERVED holds it). */
  reservations: Array<{ orderId: string; status: string }>;
  /** Every PaymentIntent at the provider, with what it took and what was refunded of it. */
  payments: Array<{ id: string; orderId?: string; status: string; receivedCents: number; refundedCents: number }>;
  /** Every customer's notifications, from the notifications API. */
  notifications: Array<{ orderId: string; type: string; subject: string; sentAt?: string }>;
  /** Every email the local SES holds. */
  emails: Array<{ to: string; subject: string; text: string; at?: number; correlationId?: string }>;
  /** What every DLQ holds. */
  deadLetters: Array<{ queue: string; body: string }>;
};

/** What the client knows it did. */
export type ClientRecord = Pick<LoadRecord, 'placements' | 'products' | 'restocks' | 'customers'> & { poison: PoisonSent[] };

/** The stage's deadlines (seconds) and how late the sweeper may act on one. */
export type Deadlines = { stockSeconds: number; paymentSeconds: number; compensationSeconds: number; sweepSeconds: number };

/** A time (ms since the epoch) when nothing could move an order: the functions or their table were down. */
export type Pause = { from: number; to: number };

export const INVARIANTS = {
  lost: 'no order lost: every placement answered 2xx exists',
  unplaced: 'every order that exists was placed by a customer of the run',
  stuck: 'none stuck: every order final, each wait within its deadline',
  stock: 'for each product, the stock taken equals the quantities of its CONFIRMED orders',
  money: 'charges less refunds equal the totals of CONFIRMED orders; at most one charge per order, none without payment',
  notifications: 'exactly one notification and one email per order outcome',
  deadLetters: 'every DLQ empty, or each message in it a poison message the run sent',
} as const;

export type Invariant = keyof typeof INVARIANTS;
export type Violation = { invariant: Invariant; detail: string; orderId?: string };

/** The outcome event (and so notification) each state of an order's history stands for. */
const OUTCOME_OF: Record<string, string> = {
  CONFIRMED: 'OrderConfirmed',
  REJECTED: 'OrderRejected',
  PAYMENT_FAILED: 'OrderPaymentFailed',
  CANCELLED: 'OrderCancelled',
  COMPENSATION_FAILED: 'OrderCompensationFailed',
};

/** How long an order may wait in each open state: its deadline, then the sweeper's period, then a margin for a busy machine. */
const MARGIN_SECONDS = 30;

export function checkInvariants(record: ClientRecord, evidence: Evidence, deadlines: Deadlines, pauses: readonly Pause[] = []): Violation[] {
  return [
    ...lostOrders(record, evidence),
    ...unplacedOrders(record, evidence),
    ...stuckOrders(evidence, deadlines, pauses),
    ...stockTaken(record, evidence),
    ...money(evidence),
    ...notifications(record, evidence),
    ...deadLetters(record, evidence),
  ];
}

export function lostOrders({ placements }: ClientRecord, { orders }: Evidence): Violation[] {
  const ids = new Set(orders.map(({ id }) => id));
  return placements
    .filter(({ orderId }) => orderId !== undefined && !ids.has(orderId))
    .map(({ orderId, key }) => ({ invariant: 'lost', orderId, detail: `placed (2xx, key ${key}) but not in the orders table` }));
}

export function unplacedOrders({ placements }: ClientRecord, { orders }: Evidence): Violation[] {
  const placed = new Set(placements.map(({ customerId, key }) => orderIdFor(customerId, key)));
  return orders
    .filter(({ id }) => !placed.has(id))
    .map(({ id, customerId }) => ({ invariant: 'unplaced', orderId: id, detail: `in the orders table (customer ${customerId}), yet no placement of the run made it` }));
}

/**
 * Every order has ended, and waited in no open state longer than its deadline, plus the sweeper's period
 * (it acts on deadlines when it runs), a margin, and the pauses within the wait (the sweeper cannot run
 * while the functions are down).
 */
export function stuckOrders({ orders }: Evidence, deadlines: Deadlines, pauses: readonly Pause[] = []): Violation[] {
  const violations: Violation[] = [];
  for (const order of orders) {
    if (!FINAL_STATES.includes(order.state)) violations.push({ invariant: 'stuck', orderId: order.id, detail: `still ${order.state}` });
    order.history.forEach((entry, index) => {
      const next = order.history[index + 1];
      // The saga's own table says which deadline bounds each open state; a state it does not know has none.
      const deadline = entry.state in ORDER_STATES ? timeoutOf(entry.state as OrderState) : undefined;
      if (next === undefined || deadline === undefined) return;
      const [from, to] = [Date.parse(entry.at), Date.parse(next.at)];
      const waited = (to - from) / 1000;
      const paused = pauses.reduce((sum, pause) => sum + Math.max(0, Math.min(to, pause.to) - Math.max(from, pause.from)), 0) / 1000;
      const allowed = deadlines[deadline] + deadlines.sweepSeconds + MARGIN_SECONDS + paused;
      if (waited > allowed) {
        const pausedText = paused === 0 ? '' : ` and ${paused.toFixed(0)} s of faults that stopped it`;
        violations.push({ invariant: 'stuck', orderId: order.id, detail: `waited ${waited.toFixed(0)} s in ${entry.state} (deadline ${deadlines[deadline]} s; at most ${allowed.toFixed(0)} s with the sweeper's period, a margin${pausedText})` });
      }
    });
  }
  return violations;
}

/**
 * The stock each product has now is what it started with, plus what the admin added, less what its
 * CONFIRMED orders hold. A restock whose answer was lost (a 5xx, no answer) may or may not have been
 * applied: any subset of them may count. And the catalog holds stock for exactly the CONFIRMED orders.
 */
export function stockTaken({ products, restocks }: ClientRecord, { orders, products: now, reservations }: Evidence): Violation[] {
  const violations: Violation[] = [];
  for (const product of products) {
    const stock = now.find(({ id }) => id === product.id)?.stock;
    const confirmed = orders
      .filter(({ state }) => state === 'CONFIRMED')
      .flatMap(({ lines }) => lines)
      .filter(({ productId }) => productId === product.id)
      .reduce((sum, { quantity }) => sum + quantity, 0);
    const ours = restocks.filter(({ productId }) => productId === product.id);
    const added = ours.filter(({ status }) => status >= 200 && status < 300).reduce((sum, { added: units }) => sum + units, 0);
    const unsure = ours.filter(({ status }) => status === 0 || status >= 500).map(({ added: units }) => units);
    const expected = product.initialStock + added - confirmed;
    if (stock === undefined) {
      violations.push({ invariant: 'stock', detail: `product ${product.id} is gone from the catalog` });
    } else if (!subsetSums(unsure).has(stock - expected)) {
      const maybe = unsure.length === 0 ? '' : ` (and up to ${unsure.length} restocks of unknown outcome)`;
      violations.push({ invariant: 'stock', detail: `product ${product.id} has ${stock} in stock, expected ${expected}: ${product.initialStock} at first + ${added} restocked − ${confirmed} in CONFIRMED orders${maybe}` });
    }
  }
  const held = new Set(reservations.filter(({ status }) => status === 'RESERVED').map(({ orderId }) => orderId));
  for (const order of orders) {
    const confirmed = order.state === 'CONFIRMED';
    if (confirmed !== held.has(order.id)) {
      violations.push({ invariant: 'stock', orderId: order.id, detail: confirmed ? 'CONFIRMED, but the catalog holds no stock for it' : `${order.state}, but the catalog still holds its stock` });
    }
  }
  return violations;
}

/** Every sum a subset of `values` can make (the empty one, 0, included). */
function subsetSums(values: readonly number[]): Set<number> {
  let sums = new Set([0]);
  for (const value of values) sums = new Set([...sums, ...[...sums].map((sum) => sum + value)]);
  return sums;
}

export function money({ orders, payments }: Evidence): Violation[] {
  const violations: Violation[] = [];
  const byOrder = new Map<string, Evidence['payments']>();
  for (const payment of payments) {
    const key = payment.orderId ?? '';
    byOrder.set(key, [...(byOrder.get(key) ?? []), payment]);
  }
  const ids = new Set(orders.map(({ id }) => id));
  for (const [orderId, intents] of byOrder) {
    const taken = intents.filter(({ receivedCents }) => receivedCents > 0);
    if (!ids.has(orderId) && taken.length > 0) violations.push({ invariant: 'money', detail: `${taken.map(({ id }) => id).join(', ')} took money for ${orderId === '' ? 'no order' : `order ${orderId}, which does not exist`}` });
  }
  for (const order of orders) {
    const intents = byOrder.get(order.id) ?? [];
    const charges = intents.filter(({ receivedCents }) => receivedCents > 0);
    const held = intents.reduce((sum, { receivedCents, refundedCents }) => sum + receivedCents - refundedCents, 0);
    const expected = order.state === 'CONFIRMED' ? order.totalCents : 0;
    const askedForPayment = order.history.some(({ state }) => state === 'STOCK_RESERVED');
    if (charges.length > 1) violations.push({ invariant: 'money', orderId: order.id, detail: `${charges.length} charges (${charges.map(({ id }) => id).join(', ')}); at most one per order` });
    if (held !== expected) violations.push({ invariant: 'money', orderId: order.id, detail: `${order.state}: the provider holds ${held} cents of it, expected ${expected}` });
    if (!askedForPayment && charges.length > 0) violations.push({ invariant: 'money', orderId: order.id, detail: `${order.state} without ever asking for payment, yet charged (${charges.map(({ id }) => id).join(', ')})` });
  }
  const heldInAll = payments.reduce((sum, { receivedCents, refundedCents }) => sum + receivedCents - refundedCents, 0);
  const confirmedInAll = orders.filter(({ state }) => state === 'CONFIRMED').reduce((sum, { totalCents }) => sum + totalCents, 0);
  if (heldInAll !== confirmedInAll) violations.push({ invariant: 'money', detail: `the provider holds ${heldInAll} cents in all (charges less refunds); the CONFIRMED orders total ${confirmedInAll}` });
  return violations;
}

/**
 * Each outcome in an order's history (confirmed, rejected, payment failed, cancelled, or a compensation
 * given up) is told once: one notification of its type, sent, and one email to the customer naming the order.
 */
export function notifications({ customers }: ClientRecord, { orders, notifications: told, emails }: Evidence): Violation[] {
  const violations: Violation[] = [];
  for (const order of orders) {
    const expected = [...new Set(order.history.map(({ state }) => OUTCOME_OF[state]).filter((type) => type !== undefined))].sort();
    const ofOrder = told.filter(({ orderId }) => orderId === order.id);
    const types = ofOrder.map(({ type }) => type).sort();
    if (types.join() !== expected.join()) {
      violations.push({ invariant: 'notifications', orderId: order.id, detail: `notifications ${types.join(', ') || 'none'}; expected ${expected.join(', ') || 'none'}` });
    }
    for (const notification of ofOrder.filter(({ sentAt }) => sentAt === undefined)) {
      violations.push({ invariant: 'notifications', orderId: order.id, detail: `its ${notification.type} notification was never sent` });
    }
    const email = customers.find(({ id }) => id === order.customerId)?.email;
    const mail = emails.filter(({ to, text }) => to === email && text.includes(order.id));
    for (const { type, subject } of ofOrder) {
      const sent = mail.filter((one) => one.subject === subject);
      if (sent.length !== 1) {
        const when = sent.map(({ at, correlationId }) => `${at === undefined ? '?' : new Date(at).toISOString().slice(11, 23)}${correlationId === undefined ? '' : ` (${correlationId})`}`);
        violations.push({ invariant: 'notifications', orderId: order.id, detail: `${sent.length} emails "${subject}" for its ${type}; expected 1${when.length < 2 ? '' : `: sent at ${when.join(', ')}`}` });
      }
    }
    const unexplained = mail.filter(({ subject }) => !ofOrder.some((notification) => notification.subject === subject));
    for (const { subject } of unexplained) violations.push({ invariant: 'notifications', orderId: order.id, detail: `an email "${subject}" no notification stands for` });
  }
  return violations;
}

export function deadLetters({ poison }: ClientRecord, { deadLetters: held }: Evidence): Violation[] {
  const violations: Violation[] = [];
  for (const { queue, body } of held) {
    if (!poison.some(({ marker }) => body.includes(marker))) violations.push({ invariant: 'deadLetters', detail: `${queue} holds a message the run did not poison: ${body.slice(0, 300)}` });
  }
  for (const { queue, deadLetterQueue, marker } of poison) {
    if (!held.some(({ queue: dlq, body }) => dlq === deadLetterQueue && body.includes(marker))) {
      violations.push({ invariant: 'deadLetters', detail: `the poison message sent to ${queue} (${marker}) is not in ${deadLetterQueue}: a consumer took it` });
    }
  }
  return violations;
}
