import { PaymentCommand } from '../../../lib/contracts/payments.ts';
import { TransientError } from '../../../lib/errors.ts';
import { queueHandler } from '../../../lib/queue/queue-handler.ts';
import { RetryLaterError } from '../../../lib/queue/retry-later.ts';
import { defaultPaymentMethod, metrics, paymentDeferral, paymentDeps } from '../compose.ts';
import { chargePayment } from '../use-cases/charge-payment.ts';
import { refundPayment } from '../use-cases/refund-payment.ts';

/** How long a refund the provider cannot take now keeps being tried: money owed is owed until it is given back. */
const REFUND_PATIENCE_MS = 24 * 60 * 60 * 1000;

/**
 * A command the provider cannot take now (down, its breaker open, its answer lost) waits and comes
 * back: a charge until the order's payment deadline, a refund for a day. Past that, it fails as any
 * other, and its queue's DLQ keeps it.
 */
const handle = async (command: PaymentCommand): Promise<void> => {
  try {
    if (command.type === 'RefundPayment') await refundPayment(paymentDeps, command.data);
    else await chargePayment(paymentDeps, { paymentMethod: defaultPaymentMethod, ...command.data });
  } catch (error) {
    if (!(error instanceof TransientError)) throw error;
    throw new RetryLaterError(error, worthTryingUntil(command));
  }
};

function worthTryingUntil(command: PaymentCommand): Date {
  if (command.type === 'RefundPayment') return new Date(Date.parse(command.occurredAt) + REFUND_PATIENCE_MS);
  return command.version === 2 ? new Date(command.data.deadline) : new Date(command.occurredAt);
}

export const handler = queueHandler(PaymentCommand, handle, { deferral: paymentDeferral, metrics });
