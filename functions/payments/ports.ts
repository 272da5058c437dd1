import type { Payment, PaymentAnswer, ProviderOutcome } from './domain/payment.ts';

/** Each order's payment. Every write is conditional, so a redelivered or racing command cannot undo a decision. */
export interface PaymentRecords {
  /** The payment that stands for the order (always the latest write), or undefined. */
  find(orderId: string): Promise<Payment | undefined>;
  /**
   * Writes `next` if the order's payment is still `current` (undefined: none yet), and returns the
   * payment that stands afterwards: `next`, or whatever another delivery wrote first.
   */
  move(current: Payment | undefined, next: Payment): Promise<Payment>;
}

/** What the customer pays for one order, and with what (a payment method id of the provider's). */
export type ChargeRequest = { orderId: string; customerId: string; amountCents: number; currency: string; paymentMethod: string };

/**
 * The card provider, as a payment per order that is opened, then confirmed (the money is taken), or
 * cancelled (it never can be), and refunded. Every call is idempotent under a key made from the order
 * id: asked again, the provider gives its first answer, so a call whose answer was lost is simply asked
 * again. A provider that cannot answer now (down, slow, the answer lost) fails with a TransientError,
 * which means "unknown", never "not done".
 */
export interface PaymentProvider {
  /** Opens the order's payment (no money moves) and names it; asked again, names the same one. */
  open(request: ChargeRequest): Promise<string>;
  /** Takes the money: CHARGED, DECLINED (the card was refused), or CANCELED (cancelled first: it never will be). */
  confirm(paymentId: string, request: ChargeRequest): Promise<ProviderOutcome>;
  /** Makes sure the payment is never taken: CANCELED, or CHARGED when it had been taken already. */
  cancel(paymentId: string, orderId: string): Promise<Exclude<ProviderOutcome, { outcome: 'DECLINED' }>>;
  /** Gives back `amountCents` of the taken payment, once per order. */
  refund(request: { orderId: string; paymentId: string; amountCents: number }): Promise<void>;
}

/** The way back to the queue a command named. */
export interface PaymentReplies {
  send(replyTo: string, answer: PaymentAnswer): Promise<void>;
}

export interface PaymentMetrics {
  declined(): void;
}

export type { Clock } from '../../lib/clock.ts';
