/**
 * An order's state and outcome in words a customer reads. The API names states and causes in codes
 * (docs/saga.md); these are what the order page says about them.
 */
import type { Order } from '@shop/client';

type State = Order['state'];

const STATE_WORDS: Readonly<Record<State, string>> = {
  PENDING: 'Placed: checking stock',
  STOCK_RESERVED: 'Items held: taking payment',
  PAID: 'Paid',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Rejected',
  RELEASING_STOCK: 'Putting the items back',
  CANCELLING_PAYMENT: 'Calling off the payment',
  RELEASING_AND_CANCELLING: 'Putting the items back and calling off the payment',
  COMPENSATION_FAILED: 'Held up: the shop is on it',
  PAYMENT_FAILED: 'Payment failed',
  CANCELLED: 'Cancelled',
};

export const stateWords = (state: State): string => STATE_WORDS[state];

/** How the order is judged at a glance: for the badge's colour (its text says the state). */
export function tone(state: State): 'done' | 'failed' | 'working' {
  if (state === 'CONFIRMED') return 'done';
  if (state === 'REJECTED' || state === 'PAYMENT_FAILED' || state === 'CANCELLED' || state === 'COMPENSATION_FAILED') return 'failed';
  return 'working';
}

/** Cancel is taken before a final state and in CONFIRMED (the API's rule). */
export const canCancel = (state: State): boolean => !['REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED'].includes(state);

const CAUSE_WORDS: Readonly<Record<NonNullable<Order['compensation']>['cause'], string>> = {
  CUSTOMER_REQUEST: 'You cancelled this order.',
  ADMIN_REQUEST: 'The shop cancelled this order.',
  STOCK_TIMED_OUT: 'The stock could not be checked in time, so the order was called off.',
  CARD_DECLINED: 'Your card was declined.',
  PAYMENT_TIMED_OUT: 'The payment did not go through in time.',
};

/**
 * Why an order that did not go through ended as it did, and what became of the money: undefined
 * for an order still moving or confirmed.
 */
export function outcomeWords(order: Pick<Order, 'state' | 'rejection' | 'compensation' | 'currency'>): string | undefined {
  const { state, rejection, compensation } = order;
  if (state === 'REJECTED') {
    const why = rejection === 'UNKNOWN_PRODUCT' ? 'A product in it is no longer sold.' : 'Not enough stock: the shop could not hold every item you ordered.';
    return `${why} Nothing was charged.`;
  }
  if (state === 'COMPENSATION_FAILED') {
    return 'Giving back your payment or the items is taking longer than it should. The shop has been alerted and will finish it; nothing more is needed from you.';
  }
  if (state !== 'PAYMENT_FAILED' && state !== 'CANCELLED') return undefined;
  const cause = compensation === undefined ? (state === 'CANCELLED' ? 'This order was cancelled.' : 'The payment did not go through.') : CAUSE_WORDS[compensation.cause];
  const refunded = compensation?.refundedCents ?? 0;
  return `${cause} ${refunded > 0 ? `${money(refunded, order.currency)} was refunded to you.` : 'Nothing was charged.'}`;
}

/** An amount of cents as a reader expects it: 25,00 € or €25.00 by the browser's locale. */
export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    // A currency code Intl does not know still reads plainly.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
