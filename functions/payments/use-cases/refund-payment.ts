import { mayHoldMoney, refundAnswer, refunded, settled, type HeldPayment, type Payment } from '../domain/payment.ts';
import type { PaymentProvider } from '../ports.ts';
import type { PaymentDeps } from './charge-payment.ts';

export type RefundPaymentCommand = { orderId: string; replyTo: string };

/**
 * Makes sure the provider holds nothing for the order, and says what was given back. With no payment
 * yet the order is voided, so a charge that comes later is declined (ORDER_VOIDED) and nothing is asked
 * of the provider. A payment being taken (CHARGING, its answer perhaps lost) is cancelled at the
 * provider, or refunded if the provider had taken it after all; a taken one is refunded. Each provider
 * call is idempotent, so a command that comes again, or that lost a race with a charge, acts on what
 * stands and repeats nothing.
 */
export async function refundPayment({ records, provider, replies }: PaymentDeps, { orderId, replyTo }: RefundPaymentCommand): Promise<void> {
  let payment = (await records.find(orderId)) ?? (await records.move(undefined, { orderId, status: 'VOIDED' }));
  while (mayHoldMoney(payment)) payment = await records.move(payment, await givenBack(provider, payment));
  await replies.send(replyTo, refundAnswer(payment));
}

async function givenBack(provider: PaymentProvider, payment: HeldPayment): Promise<Payment> {
  if (payment.status === 'CHARGING') {
    const stopped = await provider.cancel(payment.paymentId, payment.orderId);
    if (stopped.outcome === 'CANCELED') return settled(payment, stopped);
  }
  await provider.refund({ orderId: payment.orderId, paymentId: payment.paymentId, amountCents: payment.amountCents });
  return refunded(payment);
}
