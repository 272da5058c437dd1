import * as z from '../../../lib/zod.ts';
import { PaymentChargedV1, PaymentDeclinedV1, PaymentRefundedV1 } from '../../../lib/contracts/payments.ts';
import { StockRejectedV1, StockReleasedV1, StockReservedV1 } from '../../../lib/contracts/stock.ts';
import { queueHandler } from '../../../lib/queue/queue-handler.ts';
import { metrics, sagaDeps } from '../compose.ts';
import { handleReply } from '../use-cases/handle-reply.ts';

const SagaReply = z.discriminatedUnion('type', [StockReservedV1, StockRejectedV1, StockReleasedV1, PaymentChargedV1, PaymentDeclinedV1, PaymentRefundedV1]);

export const handler = queueHandler(SagaReply, (reply) => handleReply(sagaDeps, reply), { metrics });
