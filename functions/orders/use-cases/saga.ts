import { SAGA_MESSAGES } from '../../../lib/contracts/routes.ts';
import { newMessage } from '../../../lib/contracts/envelope.ts';
import type { Order, SagaContext, SagaTimeouts } from '../domain/order.ts';
import type { Step } from '../domain/saga.ts';
import type { Clock, MessageSender, OrderRepository, OutboxMessage, StoredOrder } from '../ports.ts';

/** How orders count what its saga does (metrics, EMF on AWS); a transition is reported once it is committed. */
export interface SagaMetrics {
  transitioned(from: Order | undefined, to: Order): void;
}

export type SagaDeps = {
  orders: OrderRepository;
  sender: MessageSender;
  clock: Clock;
  metrics: SagaMetrics;
  saga: { replyTo: string; timeouts: SagaTimeouts };
};

export const sagaContext = ({ clock, saga }: SagaDeps): SagaContext => ({ now: clock.now(), ...saga });

/**
 * The step's messages as envelopes of the current request or record (lib/contracts/envelope.ts), each in
 * the version it is sent as and checked against that contract before it is committed.
 */
function envelopes({ clock }: SagaDeps, step: Step): OutboxMessage[] {
  const now = clock.now();
  return step.messages.map(({ type, data }) => {
    const { contract } = SAGA_MESSAGES[type];
    return contract.parse(newMessage(type, contract.messageVersion, data, now));
  });
}

/**
 * Commits a step: the order as it becomes and its messages in one conditional write (messages still
 * unsent from before ride along), then sends them. A step that changes nothing writes nothing, but still
 * sends what an earlier commit left unsent (a crash between commit and send).
 */
export async function commitStep(deps: SagaDeps, stored: StoredOrder, step: Step): Promise<Order> {
  if (step.order === stored.order) {
    await flushOutbox(deps, stored);
    return stored.order;
  }
  const outbox = [...stored.outbox, ...envelopes(deps, step)];
  await deps.orders.save(step.order, stored.order, outbox);
  deps.metrics.transitioned(stored.order, step.order);
  await flushOutbox(deps, { order: step.order, outbox });
  return step.order;
}

/** Stores a new order and sends what it causes. */
export async function commitNewOrder(deps: SagaDeps, step: Step): Promise<Order> {
  const outbox = envelopes(deps, step);
  await deps.orders.add(step.order, outbox);
  deps.metrics.transitioned(undefined, step.order);
  await flushOutbox(deps, { order: step.order, outbox });
  return step.order;
}

/**
 * Sends the outbox and marks it sent. A send that fails throws: the order keeps its messages, and the
 * record is retried or the sweeper sends them. Each message keeps its id, so a resend is a duplicate
 * its consumer recognises.
 */
export async function flushOutbox({ orders, sender }: SagaDeps, { order, outbox }: StoredOrder): Promise<void> {
  if (outbox.length === 0) return;
  for (const message of outbox) await sender.send(message);
  await orders.clearOutbox(order.id, order.version);
}
