import type { PAYMENT_DECLINE_REASONS } from '../../../lib/contracts/payments.ts';

type PaymentDeclineReason = (typeof PAYMENT_DECLINE_REASONS)[number];

/**
 * One order's payment, as the payments service decided it. Each order has at most one, and it moves
 * only forward: none -> CHARGED | DECLINED | VOIDED (a refund came before any charge); CHARGED -> REFUNDED.
 */
type ChargedPayment = { orderId: string; status: 'CHARGED'; paymentId: string; amountCents: number; currency: string };
export type Payment =
  | ChargedPayment
  | { orderId: string; status: 'DECLINED'; reason: PaymentDeclineReason }
  | { orderId: string; status: 'VOIDED' }
  | { orderId: string; status: 'REFUNDED'; paymentId: string; amountCents: number; currency: string };

/** What a payment command answers, without its envelope. */
export type PaymentAnswer =
  | { type: 'PaymentCharged'; data: { orderId: string; paymentId: string; amountCents: number; currency: string } }
  | { type: 'PaymentDeclined'; data: { orderId: string; reason: PaymentDeclineReason } }
  | { type: 'PaymentRefunded'; data: { orderId: string; refundedCents: number; currency?: string } };

/** A transition the payment's states do not allow (a refund of a declined payment's charge, say). */
export class IllegalPaymentTransitionError extends Error {
  override readonly name = 'IllegalPaymentTransitionError';
}

/** Refunding a charge; only a CHARGED payment can be refunded. */
export function refunded(payment: Payment): Payment {
  if (payment.status !== 'CHARGED') throw new IllegalPaymentTransitionError(`Payment of order ${payment.orderId} is ${payment.status}, not CHARGED: nothing to refund.`);
  return { ...payment, status: 'REFUNDED' };
}

/**
 * The answer to a ChargePayment, from the payment that stands: a repeated command gets the same answer.
 * A refunded payment was charged first, so its charge answer is still PaymentCharged.
 */
export function chargeAnswer(payment: Payment): PaymentAnswer {
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

/** The answer to a RefundPayment once it is done: what was given back (0 when nothing had been charged). */
export function refundAnswer(payment: Payment): PaymentAnswer {
  switch (payment.status) {
    case 'REFUNDED':
      return { type: 'PaymentRefunded', data: { orderId: payment.orderId, refundedCents: payment.amountCents, currency: payment.currency } };
    case 'DECLINED':
    case 'VOIDED':
      return { type: 'PaymentRefunded', data: { orderId: payment.orderId, refundedCents: 0 } };
    case 'CHARGED':
      throw new IllegalPaymentTransitionError(`Payment of order ${payment.orderId} is still CHARGED: refund it first.`);
  }
}
