import type { Order, OrderState } from '../domain/order.ts';
import type { OutboxMessage, StoredOrder } from '../ports.ts';

/**
 * The orders table, one item per order: the order's fields, its unsent messages (`outbox`, written by
 * the same conditional write as the transition that caused them) and the keys of three indexes, which
 * project keys only:
 * - byCustomer (customerPk, customerSk = placedAt#id): a customer's orders, newest first;
 * - openByDeadline (openPk, deadline), sparse: only open orders carry openPk, so the sweeper reads
 *   exactly the orders that may be past their deadline;
 * - unsentByAge (outboxPk, outboxSince), sparse: only orders with unsent messages carry outboxPk;
 * - byState (statePk = <state>#<shard>, stateSk = placedAt#id): every customer's orders by state,
 *   newest first, for the operator's page;
 * - byTime (timePk = PLACED#<shard>, the same stateSk): every customer's orders, newest first, for the
 *   operator's page when it asks for every state (one query per shard, not one per state and shard).
 * The sparse indexes have one partition each: every order passes through them, at a few writes per
 * order, far below what one partition takes.
 *
 * byState is written at placement (one index write) and at every change of state (two: the key moves,
 * so the index deletes the old entry and puts the new); a step that keeps the state (an outbox cleared)
 * writes nothing to it. That is 5 index writes for an order that is confirmed, 3 for one rejected.
 * byTime's key never moves: it is written once, at placement. Each state's entries, and byTime's, are
 * spread over SHARDS partitions by the order id, so the orders entering one state at once (every new
 * order enters PENDING) share out their writes instead of all landing on one partition, whose sort key
 * (the time) would keep them on its last range; a listing asks every shard and merges, newest first.
 */
export const BY_CUSTOMER = 'byCustomer';
export const OPEN_BY_DEADLINE = 'openByDeadline';
export const UNSENT_BY_AGE = 'unsentByAge';
export const OPEN_PARTITION = 'OPEN';
export const OUTBOX_PARTITION = 'OUTBOX';
export const BY_STATE = 'byState';
export const BY_TIME = 'byTime';
const SHARDS = 4;

const KEY_ATTRIBUTES = ['pk', 'customerPk', 'customerSk', 'openPk', 'outboxPk', 'outboxSince', 'statePk', 'stateSk', 'timePk', 'outbox'] as const;

export const orderKey = (id: string) => ({ pk: `ORDER#${id}` });
export const customerPartition = (customerId: string) => `CUSTOMER#${customerId}`;
/** The sort key of byCustomer, byState and byTime: newest placed first when read backwards. */
export const placedKey = (order: Pick<Order, 'placedAt' | 'id'>) => `${order.placedAt}#${order.id}`;
/** Which of a state's shards an order is in: from its id's last hex digit, spread evenly (ids are UUIDs). */
const shardOf = (id: string): number => Number.parseInt(id.at(-1) ?? '0', 16) % SHARDS;
const shards = Array.from({ length: SHARDS }, (_, shard) => shard);
const statePartition = (state: OrderState, shard: number) => `${state}#${shard}`;
const timePartition = (shard: number) => `PLACED#${shard}`;
/** Every partition of byState that holds orders in `state`. */
export const statePartitions = (state: OrderState): string[] => shards.map((shard) => statePartition(state, shard));
/** Every partition of byTime. */
export const timePartitions = (): string[] => shards.map(timePartition);

export function orderItem(order: Order, outbox: readonly OutboxMessage[]): Record<string, unknown> {
  const since = outbox.map(({ occurredAt }) => occurredAt).sort()[0];
  return {
    ...order,
    ...orderKey(order.id),
    customerPk: customerPartition(order.customerId),
    customerSk: placedKey(order),
    statePk: statePartition(order.state, shardOf(order.id)),
    stateSk: placedKey(order),
    timePk: timePartition(shardOf(order.id)),
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
