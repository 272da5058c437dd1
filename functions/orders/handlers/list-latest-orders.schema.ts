import * as z from '../../../lib/zod.ts';
import { STORED_STATES, type OrderState } from '../domain/order.ts';
import { listOrdersQuery } from './list-orders.schema.ts';

export const listLatestOrdersQuery = z.extend(listOrdersQuery, {
  state: z.optional(z.enum(STORED_STATES as [OrderState, ...OrderState[]]).check(z.meta({ description: 'Only the orders in this state now.' }))),
});
