import { httpHandler } from '../../../lib/http/http-handler.ts';
import { metrics, sagaDeps } from '../compose.ts';
import { cancelOrder } from '../use-cases/cancel-order.ts';
import { orderIdParams } from './order-id.schema.ts';

/** 202: the cancel is accepted and its compensations run; the order shows when it is CANCELLED. */
export const handler = httpHandler({ params: orderIdParams, caller: true }, async ({ params, caller }) => ({
  status: 202,
  body: await cancelOrder(sagaDeps, caller, params.id),
}), { metrics });
