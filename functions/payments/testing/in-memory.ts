import { TransientError } from '../../../lib/errors.ts';
import type { Payment, PaymentAnswer, ProviderOutcome } from '../domain/payment.ts';
import type { ChargeRequest, PaymentMetrics, PaymentProvider, PaymentRecords, PaymentReplies } from '../ports.ts';

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

type Intent = { id: string; request: ChargeRequest; status: 'open' | 'charged' | 'declined' | 'canceled'; refundedCents: number };

/**
 * A provider in memory that keeps the promises of a real one (ports.ts): one payment per order, every
 * call idempotent, a cancelled payment never taken. Its faults: `declines` holds the customers whose
 * card is refused, `down` fails every call before it does anything, `answersLost` lets every call do
 * its work and then fail as if its answer never came back.
 */
export class FakePaymentProvider implements PaymentProvider {
  readonly declines = new Set<string>();
  down = false;
  answersLost = false;
  /** Runs once, just after the next confirm has taken effect and before it answers (to play a race). */
  afterNextConfirm: (() => Promise<void>) | undefined;
  readonly #intents = new Map<string, Intent>();
  readonly #byOrder = new Map<string, string>();
  readonly #refunded = new Set<string>();
  #next = 0;

  async open(request: ChargeRequest): Promise<string> {
    return this.#call(() => {
      const known = this.#byOrder.get(request.orderId);
      if (known !== undefined) return known;
      const id = `fake_${++this.#next}`;
      this.#intents.set(id, { id, request, status: 'open', refundedCents: 0 });
      this.#byOrder.set(request.orderId, id);
      return id;
    });
  }

  async confirm(paymentId: string, request: ChargeRequest): Promise<ProviderOutcome> {
    if (this.down) throw new TransientError('The payment provider is down.');
    const intent = this.#intent(paymentId);
    if (intent.status === 'open') intent.status = this.declines.has(request.customerId) ? 'declined' : 'charged';
    const after = this.afterNextConfirm;
    this.afterNextConfirm = undefined;
    await after?.();
    return this.#call(() => outcomeOf(intent));
  }

  async cancel(paymentId: string): Promise<Exclude<ProviderOutcome, { outcome: 'DECLINED' }>> {
    return this.#call(() => {
      const intent = this.#intent(paymentId);
      if (intent.status === 'charged') return { outcome: 'CHARGED' };
      intent.status = 'canceled';
      return { outcome: 'CANCELED' };
    });
  }

  async refund({ orderId, paymentId, amountCents }: { orderId: string; paymentId: string; amountCents: number }): Promise<void> {
    return this.#call(() => {
      if (this.#refunded.has(orderId)) return;
      const intent = this.#intent(paymentId);
      if (intent.status !== 'charged') throw new Error(`Payment ${paymentId} was not taken: nothing to refund.`);
      if (intent.refundedCents + amountCents > intent.request.amountCents) throw new Error(`Refund of ${amountCents} is more than ${paymentId} holds.`);
      intent.refundedCents += amountCents;
      this.#refunded.add(orderId);
    });
  }

  /** What the provider holds for the order: what it took, less what it gave back. */
  heldFor(orderId: string): number {
    const intent = this.#intents.get(this.#byOrder.get(orderId) ?? '');
    return intent?.status === 'charged' ? intent.request.amountCents - intent.refundedCents : 0;
  }

  /** How many times money was taken for the order (0 or 1: one payment per order). */
  chargesFor(orderId: string): number {
    return this.#intents.get(this.#byOrder.get(orderId) ?? '')?.status === 'charged' ? 1 : 0;
  }

  /** Does the work unless the provider is down; then answers, unless answers are being lost. */
  #call<T>(work: () => T): T {
    if (this.down) throw new TransientError('The payment provider is down.');
    const answer = work();
    if (this.answersLost) throw new TransientError('The payment provider\'s answer was lost.');
    return answer;
  }

  #intent(paymentId: string): Intent {
    const intent = this.#intents.get(paymentId);
    if (intent === undefined) throw new Error(`No payment ${paymentId}.`);
    return intent;
  }
}

function outcomeOf(intent: Intent): ProviderOutcome {
  switch (intent.status) {
    case 'charged':
      return { outcome: 'CHARGED' };
    case 'declined':
      return { outcome: 'DECLINED' };
    case 'canceled':
      return { outcome: 'CANCELED' };
    case 'open':
      throw new Error(`Payment ${intent.id} is still open.`);
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
