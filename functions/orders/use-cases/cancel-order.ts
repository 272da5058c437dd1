import { NotFoundError } from '../../../lib/errors.ts';
import { cancelOrder as cancel, type Order } from '../domain/order.ts';
import type { Reader } from '../ports.ts';
import { commit, sagaContext, type SagaDeps } from './saga.ts';
import { visibleTo } from './get-order.ts';

/** The owner (or an admin) cancels an order; anyone else is told there is no such order. */
export async function cancelOrder(deps: SagaDeps, caller: Reader, orderId: string): Promise<Order> {
  const stored = await deps.orders.find(orderId);
  if (stored === undefined || !visibleTo(caller, stored.order)) throw new NotFoundError(`There is no order ${orderId}.`);
  const by = caller.userId === stored.order.customerId ? 'customer' : 'admin';
  return commit(deps, stored, cancel(stored.order, by, sagaContext(deps)));
}
