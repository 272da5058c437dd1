import { refundAnswer, refunded } from '../domain/payment.ts';
import type { PaymentDeps } from './charge-payment.ts';

export type RefundPaymentCommand = { orderId: string; replyTo: string };

/**
 * Gives back what the order was charged, once: the provider refunds under the order id as its
 * idempotency key and the record moves CHARGED -> REFUNDED. With no charge yet the order is voided, so
 * that a charge arriving later is declined (ORDER_VOIDED) and the answer is refundedCents 0.
 */
export async function refundPayment({ records, provider, replies }: PaymentDeps, { orderId, replyTo }: RefundPaymentCommand): Promise<void> {
  let payment = (await records.find(orderId)) ?? (await records.move(undefined, { orderId, status: 'VOIDED' }));
  if (payment.status === 'CHARGED') {
    await provider.refund({ orderId, paymentId: payment.paymentId, amountCents: payment.amountCents });
    payment = await records.move(payment, refunded(payment));
  }
  await replies.send(replyTo, refundAnswer(payment));
}
