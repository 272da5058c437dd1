import { NotFoundError } from '../../../lib/errors.ts';
import { transition, type SagaReply } from '../domain/saga.ts';
import { commitStep, sagaContext, type SagaDeps } from './saga.ts';

/**
 * Moves an order on by a reply from the catalog or payments. Idempotent per message: a reply the order
 * has already taken no longer fits its state and changes nothing. A reply for an order that does not
 * exist fails (and ends in the DLQ); one that lost a race with another write fails and comes back.
 */
export async function handleReply(deps: SagaDeps, reply: SagaReply): Promise<void> {
  const stored = await deps.orders.find(reply.data.orderId);
  if (stored === undefined) throw new NotFoundError(`There is no order ${reply.data.orderId} for this ${reply.type}.`);
  await commitStep(deps, stored, transition(stored.order, reply, sagaContext(deps)));
}
