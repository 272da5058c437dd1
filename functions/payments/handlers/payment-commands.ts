import { PaymentCommand } from '../../../lib/contracts/payments.ts';
import { queueHandler } from '../../../lib/queue/queue-handler.ts';
import { paymentDeps } from '../compose.ts';
import { chargePayment } from '../use-cases/charge-payment.ts';
import { refundPayment } from '../use-cases/refund-payment.ts';

export const handler = queueHandler(PaymentCommand, (command) =>
  command.type === 'ChargePayment' ? chargePayment(paymentDeps, command.data) : refundPayment(paymentDeps, command.data),
);
