import { httpHandler } from '../../../lib/http/http-handler.ts';
import { orders } from '../compose.ts';
import { listOrders } from '../use-cases/get-order.ts';
import { listOrdersQuery } from './list-orders.schema.ts';

export const handler = httpHandler({ query: listOrdersQuery, caller: true }, async ({ query, caller }) => ({
  status: 200,
  body: await listOrders({ orders }, caller, query.cursor === undefined ? { limit: query.limit } : { limit: query.limit, cursor: query.cursor }),
}));
