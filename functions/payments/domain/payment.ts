import type { PAYMENT_DECLINE_REASONS } from '../../../lib/contracts/payments.ts';

type PaymentDeclineReason = (typeof PAYMENT_DECLINE_REASONS)[number];

type Taken = { paymentId: string; amountCents: number; currency: string };

/**
 * One order's payment, as the payments service knows it. Each order has at most one, and it moves only
 * forward, by conditional writes:
 *
 * | from       | to         | when                                                                       |
 * |------------|------------|----------------------------------------------------------------------------|
 * | (none)     | CHARGING   | the provider opened the order's payment; no money has moved yet            |
 * | (none)     | VOIDED     | a refund came before any charge: nothing was asked of the provider         |
 * | CHARGING   | CHARGED    | the provider took the money                                                |
 * | CHARGING   | DECLINED   | the provider refused the card                                              |
 * | CHARGING   | VOIDED     | the provider cancelled the payment before it was taken: it never can be    |
 * | CHARGING   | REFUNDED   | the provider had taken it after all, and gave it back                      |
 * | CHARGED    | REFUNDED   | the money was given back                                                   |
 *
 * CHARGING is written before the provider is asked to take the money, so a charge whose answer is lost
 * is never taken for "not charged": whoever finds it CHARGING asks the provider what happened.
 */
export type Payment =
  | ({ orderId: string; status: 'CHARGING' } & Taken)
  | ({ orderId: string; status: 'CHARGED' } & Taken)
  | { orderId: string; status: 'DECLINED'; reason: PaymentDeclineReason }
  | { orderId: string; status: 'VOIDED' }
  | ({ orderId: string; status: 'REFUNDED' } & Taken);

export type Charging = Extract<Payment, { status: 'CHARGING' }>;
/** A payment the provider may hold money for: being taken, or taken. */
export type HeldPayment = Charging | Extract<Payment, { status: 'CHARGED' }>;

/** What the provider said of a payment it was asked to take (confirm) or to stop (cancel). */
export type ProviderOutcome = { outcome: 'CHARGED' } | { outcome: 'DECLINED' } | { outcome: 'CANCELED' };

/** What a payment command answers, without its envelope. */
export type PaymentAnswer =
  | { type: 'PaymentCharged'; data: { orderId: string; paymentId: string; amountCents: number; currency: string } }
  | { type: 'PaymentDeclined'; data: { orderId: string; reason: PaymentDeclineReason } }
  | { type: 'PaymentRefunded'; data: { orderId: string; refundedCents: number; currency?: string } };

/** A transition the payment's states do not allow (a refund of a declined payment, say). */
export class IllegalPaymentTransitionError extends Error {
  override readonly name = 'IllegalPaymentTransitionError';
}

/** The order's payment, opened at the provider as `paymentId` and about to be taken. */
export function charging(request: { orderId: string; amountCents: number; currency: string }, paymentId: string): Charging {
  return { orderId: request.orderId, status: 'CHARGING', paymentId, amountCents: request.amountCents, currency: request.currency };
}

/** A payment being taken, once the provider has said what became of it. */
export function settled(payment: Charging, { outcome }: ProviderOutcome): Payment {
  switch (outcome) {
    case 'CHARGED':
      return { ...payment, status: 'CHARGED' };
    case 'DECLINED':
      return { orderId: payment.orderId, status: 'DECLINED', reason: 'CARD_DECLINED' };
    case 'CANCELED':
      return { orderId: payment.orderId, status: 'VOIDED' };
  }
}

/** Giving back a payment that was taken (or, while CHARGING, turned out to be). */
export function refunded(payment: Payment): Payment {
  if (payment.status !== 'CHARGED' && payment.status !== 'CHARGING') {
    throw new IllegalPaymentTransitionError(`Payment of order ${payment.orderId} is ${payment.status}: nothing to refund.`);
  }
  return { ...payment, status: 'REFUNDED' };
}

/** Whether the provider may hold money for this payment, so a refund must act on it before it answers. */
export function mayHoldMoney(payment: Payment): payment is HeldPayment {
  return payment.status === 'CHARGING' || payment.status === 'CHARGED';
}

/**
 * The answer to a ChargePayment, from a payment the provider has settled: a repeated command gets the
 * same answer. A refunded payment was charged first, so its charge answer is still PaymentCharged.
 */
export function chargeAnswer(payment: Exclude<Payment, Charging>): PaymentAnswer {
  switch (payment.status) {
    case 'CHARGED':
    case 'REFUNDED': {
      const { orderId, paymentId, amountCents, currency } = payment;
      return { type: 'PaymentCharged', data: { orderId, paymentId, amountCents, currency } };
    }
    case 'DECLINED':
      return { type: 'PaymentDeclined', data: { orderId: payment.orderId, reason: payment.reason } };
    case 'VOIDED':
      return { type: 'PaymentDeclined', data: { orderId: payment.orderId, reason: 'ORDER_VOIDED' } };
  }
}

/** The answer to a RefundPayment once nothing is held: what was given back (0 when nothing had been taken). */
export function refundAnswer(payment: Payment): PaymentAnswer {
  switch (payment.status) {
    case 'REFUNDED':
      return { type: 'PaymentRefunded', data: { orderId: payment.orderId, refundedCents: payment.amountCents, currency: payment.currency } };
    case 'DECLINED':
    case 'VOIDED':
      return { type: 'PaymentRefunded', data: { orderId: payment.orderId, refundedCents: 0 } };
    case 'CHARGING':
    case 'CHARGED':
      throw new IllegalPaymentTransitionError(`Payment of order ${payment.orderId} is still ${payment.status}: give it back first.`);
  }
}
