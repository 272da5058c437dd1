import type { Payment, PaymentAnswer } from './domain/payment.ts';

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

export type ChargeRequest = { orderId: string; customerId: string; amountCents: number; currency: string };
export type ChargeResult = { outcome: 'CHARGED'; paymentId: string } | { outcome: 'DECLINED' };
export type RefundRequest = { orderId: string; paymentId: string; amountCents: number };

/**
 * The card provider. The order id is the idempotency key: the same request again takes no second charge
 * or refund and gets the first answer. A provider that cannot answer now fails with a TransientError.
 */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<void>;
}

/** The way back to the queue a command named. */
export interface PaymentReplies {
  send(replyTo: string, answer: PaymentAnswer): Promise<void>;
}

export interface PaymentMetrics {
  declined(): void;
}

export type { Clock } from '../../lib/clock.ts';
