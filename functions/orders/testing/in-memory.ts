import { ConflictError, TransientError } from '../../../lib/errors.ts';
import { decodeOrderCursor, encodeOrderCursor } from '../adapters/order-cursor.ts';
import { customerSortKey } from '../adapters/orders-table.ts';
import type { Order } from '../domain/order.ts';
import type { MessageSender, OrderPage, OrderRepository, OutboxMessage, StoredOrder } from '../ports.ts';

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Orders in memory, with the promises of the DynamoDB adapter: writes conditional on state and version,
 * the outbox cleared only at the version that sent it, listings newest first with the adapter's cursors.
 * testing/order-repository.contract.ts holds both to the same rules.
 */
export class InMemoryOrders implements OrderRepository {
  readonly stored = new Map<string, StoredOrder>();

  async add(order: Order, outbox: readonly OutboxMessage[]): Promise<void> {
    if (this.stored.has(order.id)) throw new ConflictError(`There is an order ${order.id} already.`);
    this.stored.set(order.id, copy({ order, outbox }));
  }

  async find(id: string): Promise<StoredOrder | undefined> {
    const stored = this.stored.get(id);
    return stored === undefined ? undefined : copy(stored);
  }

  async save(order: Order, expected: Pick<Order, 'state' | 'version'>, outbox: readonly OutboxMessage[]): Promise<void> {
    const current = this.stored.get(order.id)?.order;
    if (current?.state !== expected.state || current.version !== expected.version) {
      throw new TransientError(`Order ${order.id} moved on from ${expected.state} v${expected.version}; read it again.`);
    }
    this.stored.set(order.id, copy({ order, outbox }));
  }

  async clearOutbox(id: string, version: number): Promise<void> {
    const stored = this.stored.get(id);
    if (stored?.order.version === version) this.stored.set(id, { ...stored, outbox: [] });
  }

  async listByCustomer(customerId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<OrderPage> {
    const after = cursor === undefined ? undefined : decodeOrderCursor(cursor, customerId);
    const afterKey = after === undefined ? undefined : customerSortKey({ placedAt: after.p, id: after.i });
    const items = [...this.stored.values()]
      .map(({ order }) => order)
      .filter((order) => order.customerId === customerId && (afterKey === undefined || customerSortKey(order) < afterKey))
      .sort((a, b) => (customerSortKey(a) < customerSortKey(b) ? 1 : -1))
      .slice(0, limit)
      .map(copy);
    const last = items.at(-1);
    // As a DynamoDB query with a Limit: a full page says where it ended, even when nothing follows.
    return items.length < limit || last === undefined
      ? { items }
      : { items, nextCursor: encodeOrderCursor({ c: customerId, p: last.placedAt, i: last.id }) };
  }

  async pastDeadline(now: Date, limit: number): Promise<Order[]> {
    return [...this.stored.values()]
      .map(({ order }) => order)
      .filter((order): order is Order & { deadline: string } => order.deadline !== undefined && order.deadline <= now.toISOString())
      .sort((a, b) => (a.deadline < b.deadline ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async withUnsentMessages(before: Date, limit: number): Promise<StoredOrder[]> {
    const since = ({ outbox }: StoredOrder) => outbox.map(({ message }) => message.occurredAt).sort()[0] ?? '';
    return [...this.stored.values()]
      .filter((stored) => stored.outbox.length > 0 && since(stored) <= before.toISOString())
      .sort((a, b) => (since(a) < since(b) ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }
}

/** Keeps what it was asked to send; a queue in `failing` refuses, as a queue that cannot be reached. */
export class RecordingSender implements MessageSender {
  readonly sent: OutboxMessage[] = [];
  readonly failing = new Set<string>();

  async send(message: OutboxMessage): Promise<void> {
    if (this.failing.has(message.to.service)) throw new TransientError(`${message.to.service} cannot be reached`);
    this.sent.push(copy(message));
  }
}
