import type { Order } from '../domain/order.ts';
import type { OutboxMessage, StoredOrder } from '../ports.ts';

/**
 * The orders table, one item per order: the order's fields, its unsent messages (`outbox`, written by
 * the same conditional write as the transition that caused them) and the keys of three indexes, which
 * project keys only:
 * - byCustomer (customerPk, customerSk = placedAt#id): a customer's orders, newest first;
 * - openByDeadline (openPk, deadline), sparse: only open orders carry openPk, so the sweeper reads
 *   exactly the orders that may be past their deadline;
 * - unsentByAge (outboxPk, outboxSince), sparse: only orders with unsent messages carry outboxPk.
 * The sparse indexes have one partition each: every order passes through them, at a few writes per
 * order, far below what one partition takes.
 */
export const BY_CUSTOMER = 'byCustomer';
export const OPEN_BY_DEADLINE = 'openByDeadline';
export const UNSENT_BY_AGE = 'unsentByAge';
export const OPEN_PARTITION = 'OPEN';
export const OUTBOX_PARTITION = 'OUTBOX';

const KEY_ATTRIBUTES = ['pk', 'customerPk', 'customerSk', 'openPk', 'outboxPk', 'outboxSince', 'outbox'] as const;

export const orderKey = (id: string) => ({ pk: `ORDER#${id}` });
export const customerPartition = (customerId: string) => `CUSTOMER#${customerId}`;
export const customerSortKey = (order: Pick<Order, 'placedAt' | 'id'>) => `${order.placedAt}#${order.id}`;

export function orderItem(order: Order, outbox: readonly OutboxMessage[]): Record<string, unknown> {
  const since = outbox.map(({ occurredAt }) => occurredAt).sort()[0];
  return {
    ...order,
    ...orderKey(order.id),
    customerPk: customerPartition(order.customerId),
    customerSk: customerSortKey(order),
    ...(order.deadline === undefined ? {} : { openPk: OPEN_PARTITION }),
    ...(since === undefined ? {} : { outboxPk: OUTBOX_PARTITION, outboxSince: since }),
    outbox,
  };
}

export function storedOrderFromItem(item: Record<string, unknown>): StoredOrder {
  const order = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete order[attribute];
  // Outboxes written before routes were looked up by type held `{ to, message }`: the message is what is sent.
  const outbox = ((item.outbox ?? []) as Array<OutboxMessage | { message: OutboxMessage }>).map((entry) => ('message' in entry ? entry.message : entry));
  return { order: order as unknown as Order, outbox };
}
