import { TransientError } from '../../../lib/errors.ts';
import type { Payment, PaymentAnswer } from '../domain/payment.ts';
import type { ChargeRequest, ChargeResult, PaymentMetrics, PaymentProvider, PaymentRecords, PaymentReplies, RefundRequest } from '../ports.ts';

/** Payment records in a map, with the adapter's conditional writes. */
export class InMemoryPaymentRecords implements PaymentRecords {
  readonly #payments = new Map<string, Payment>();

  async find(orderId: string): Promise<Payment | undefined> {
    const payment = this.#payments.get(orderId);
    return payment && { ...payment };
  }

  async move(current: Payment | undefined, next: Payment): Promise<Payment> {
    const stands = this.#payments.get(next.orderId);
    if (stands?.status !== current?.status) return { ...(stands as Payment) };
    this.#payments.set(next.orderId, { ...next });
    return next;
  }
}

/**
 * A provider in memory, deduplicating by order id as the real one does: `declines` holds the customers
 * whose card is refused, and `down` makes every call fail as an unreachable provider does.
 */
export class FakePaymentProvider implements PaymentProvider {
  readonly declines = new Set<string>();
  down = false;
  /** Each charge taken, by order id, and what was refunded of it. */
  readonly charges = new Map<string, { request: ChargeRequest; result: ChargeResult; refundedCents: number }>();
  readonly #refunds = new Map<string, RefundRequest>();
  #next = 0;
  /** Runs once, just after the next charge is taken (to play a racing refund, say). */
  afterNextCharge: (() => Promise<void>) | undefined;

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (this.down) throw new TransientError('The payment provider is down.');
    const seen = this.charges.get(request.orderId);
    if (seen !== undefined) {
      if (JSON.stringify(seen.request) !== JSON.stringify(request)) throw new Error(`Order ${request.orderId} was charged with another request.`);
      return seen.result;
    }
    const result: ChargeResult = this.declines.has(request.customerId) ? { outcome: 'DECLINED' } : { outcome: 'CHARGED', paymentId: `fake-${++this.#next}` };
    this.charges.set(request.orderId, { request, result, refundedCents: 0 });
    const after = this.afterNextCharge;
    this.afterNextCharge = undefined;
    await after?.();
    return result;
  }

  async refund(request: RefundRequest): Promise<void> {
    if (this.down) throw new TransientError('The payment provider is down.');
    if (this.#refunds.has(request.orderId)) return;
    const charge = [...this.charges.values()].find(({ result }) => result.outcome === 'CHARGED' && result.paymentId === request.paymentId);
    if (charge === undefined) throw new Error(`No payment ${request.paymentId}.`);
    this.#refunds.set(request.orderId, request);
    charge.refundedCents += request.amountCents;
  }

  /** Charges actually taken (declines aside) for the order. */
  takenFor(orderId: string): number {
    return this.charges.get(orderId)?.result.outcome === 'CHARGED' ? 1 : 0;
  }
}

export class RecordingPaymentReplies implements PaymentReplies {
  readonly sent: Array<{ replyTo: string; answer: PaymentAnswer }> = [];

  async send(replyTo: string, answer: PaymentAnswer): Promise<void> {
    this.sent.push({ replyTo, answer });
  }
}

export class CountingPaymentMetrics implements PaymentMetrics {
  declines = 0;

  declined(): void {
    this.declines += 1;
  }
}
