import { chargeAnswer, type Payment } from '../domain/payment.ts';
import type { PaymentMetrics, PaymentProvider, PaymentRecords, PaymentReplies } from '../ports.ts';

export type PaymentDeps = { records: PaymentRecords; provider: PaymentProvider; replies: PaymentReplies; metrics: PaymentMetrics };
export type ChargePaymentCommand = { orderId: string; customerId: string; amountCents: number; currency: string; replyTo: string };

/**
 * Charges the order once, whatever is redelivered: a payment that stands is answered again as it was
 * decided, and a charge is asked of the provider with the order id as its idempotency key, so a crash
 * between the charge and the record, or two deliveries at once, still take the money once.
 * A decline is an answer; a provider that cannot answer now fails the command, which comes back later.
 */
export async function chargePayment(deps: PaymentDeps, command: ChargePaymentCommand): Promise<void> {
  const payment = (await deps.records.find(command.orderId)) ?? (await charge(deps, command));
  await deps.replies.send(command.replyTo, chargeAnswer(payment));
}

async function charge({ records, provider, metrics }: PaymentDeps, { orderId, customerId, amountCents, currency }: ChargePaymentCommand): Promise<Payment> {
  const result = await provider.charge({ orderId, customerId, amountCents, currency });
  const decided: Payment =
    result.outcome === 'CHARGED'
      ? { orderId, status: 'CHARGED', paymentId: result.paymentId, amountCents, currency }
      : { orderId, status: 'DECLINED', reason: 'CARD_DECLINED' };
  const stands = await records.move(undefined, decided);
  if (stands === decided && decided.status === 'DECLINED') metrics.declined();
  // A refund voided the order while the provider was charging it: the money goes back at once.
  if (decided.status === 'CHARGED' && stands.status === 'VOIDED') await provider.refund({ orderId, paymentId: decided.paymentId, amountCents });
  return stands;
}
