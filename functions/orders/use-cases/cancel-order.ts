import { NotFoundError } from '../../../lib/errors.ts';
import { retrying } from '../../../lib/retry.ts';
import type { Order } from '../domain/order.ts';
import { transition } from '../domain/saga.ts';
import { OrderMovedOnError, type Reader } from '../ports.ts';
import { commitStep, sagaContext, type SagaDeps } from './saga.ts';
import { visibleTo } from './get-order.ts';

/** How often a cancel that keeps losing the race to a saga step reads the order again before it gives up (503). */
const RETRIES = 2;

/**
 * The owner (or an admin) cancels an order; anyone else is told there is no such order. A step of the
 * saga that moves the order while the cancel is under way is no reason to refuse it: the cancel reads
 * the order again and acts on the state it moved to (which may itself refuse the cancel: a 409).
 */
export async function cancelOrder(deps: SagaDeps, caller: Reader, orderId: string): Promise<Order> {
  const once = async (): Promise<Order> => {
    const stored = await deps.orders.find(orderId);
    if (stored === undefined || !visibleTo(caller, stored.order)) throw new NotFoundError(`There is no order ${orderId}.`);
    const by = caller.userId === stored.order.customerId ? 'customer' : 'admin';
    return commitStep(deps, stored, transition(stored.order, { type: 'CancelRequested', by }, sagaContext(deps)));
  };
  return retrying(once, { when: (error) => error instanceof OrderMovedOnError, retries: RETRIES, delayMs: 20 });
}
