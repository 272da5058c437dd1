import { chargeAnswer, charging, settled } from '../domain/payment.ts';
import type { ChargeRequest, PaymentMetrics, PaymentProvider, PaymentRecords, PaymentReplies } from '../ports.ts';

export type PaymentDeps = { records: PaymentRecords; provider: PaymentProvider; replies: PaymentReplies; metrics: PaymentMetrics };
export type ChargePaymentCommand = ChargeRequest & { replyTo: string };

/**
 * Charges the order once, whatever is redelivered or lost on the way. The payment is opened at the
 * provider and recorded CHARGING before any money moves; it is then confirmed, and settled by what the
 * provider says. A command that finds it CHARGING (its answer lost, a crash) confirms it again, and the
 * provider answers as it did the first time. A payment already settled is answered as it was.
 * A decline is an answer; a provider that cannot answer now fails the command, which comes back later.
 */
export async function chargePayment(deps: PaymentDeps, { replyTo, ...request }: ChargePaymentCommand): Promise<void> {
  const { records, provider, metrics } = deps;
  let payment = (await records.find(request.orderId)) ?? (await records.move(undefined, charging(request, await provider.open(request))));
  while (payment.status === 'CHARGING') {
    const outcome = await provider.confirm(payment.paymentId, request);
    const next = settled(payment, outcome);
    payment = await records.move(payment, next);
    if (payment === next && next.status === 'DECLINED') metrics.declined();
  }
  await deps.replies.send(replyTo, chargeAnswer(payment));
}
