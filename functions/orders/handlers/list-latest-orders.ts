import { httpHandler } from '../../../lib/http/http-handler.ts';
import { orders } from '../compose.ts';
import { listLatestOrders } from '../use-cases/get-order.ts';
import { listLatestOrdersQuery } from './list-latest-orders.schema.ts';

/** GET /admin/orders (admins): every customer's latest orders, in one state or in all, each with its history. */
export const handler = httpHandler({ query: listLatestOrdersQuery }, async ({ query: { state, limit, cursor } }) => ({
  status: 200,
  body: await listLatestOrders({ orders }, { limit, ...(state === undefined ? {} : { state }), ...(cursor === undefined ? {} : { cursor }) }),
}));
