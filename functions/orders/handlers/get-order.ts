import { httpHandler } from '../../../lib/http/http-handler.ts';
import { orders } from '../compose.ts';
import { getOrder } from '../use-cases/get-order.ts';
import { orderIdParams } from './order-id.schema.ts';

export const handler = httpHandler({ params: orderIdParams, caller: true }, async ({ params, caller }) => ({
  status: 200,
  body: await getOrder({ orders }, caller, params.id),
}));
