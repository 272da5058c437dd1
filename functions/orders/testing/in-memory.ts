import { ConflictError, TooManyRequestsError, TransientError, UnprocessableError } from '../../../lib/errors.ts';
import type { Clock } from '../../../lib/clock.ts';
import { decodeOrderCursor, encodeOrderCursor, latestListing } from '../adapters/order-cursor.ts';
import { placedKey } from '../adapters/orders-table.ts';
import { routeOf } from '../../../lib/contracts/routes.ts';
import type { Order, OrderState } from '../domain/order.ts';
import { OrderMovedOnError, type CallerLimits, type Catalog, type CatalogProduct, type IdempotentRequests, type KeyedRequest, type MessageSender, type OrderPage, type OrderRepository, type OutboxMessage, type StoredOrder } from '../ports.ts';

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
      throw new OrderMovedOnError(`Order ${order.id} moved on from ${expected.state} v${expected.version}; read it again.`);
    }
    this.stored.set(order.id, copy({ order, outbox }));
  }

  async clearOutbox(id: string, version: number): Promise<void> {
    const stored = this.stored.get(id);
    if (stored?.order.version === version) this.stored.set(id, { ...stored, outbox: [] });
  }

  async listByCustomer(customerId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<OrderPage> {
    return this.#newestFirst(customerId, (order) => order.customerId === customerId, { limit, cursor });
  }

  async latest({ state, limit, cursor }: { state?: OrderState; limit: number; cursor?: string }): Promise<OrderPage> {
    return this.#newestFirst(latestListing(state), (order) => state === undefined || order.state === state, { limit, cursor });
  }

  #newestFirst(listing: string, belongs: (order: Order) => boolean, { limit, cursor }: { limit: number; cursor?: string | undefined }): OrderPage {
    const after = cursor === undefined ? undefined : decodeOrderCursor(cursor, listing);
    const afterKey = after === undefined ? undefined : placedKey({ placedAt: after.p, id: after.i });
    const items = [...this.stored.values()]
      .map(({ order }) => order)
      .filter((order) => belongs(order) && (afterKey === undefined || placedKey(order) < afterKey))
      .sort((a, b) => (placedKey(a) < placedKey(b) ? 1 : -1))
      .slice(0, limit)
      .map(copy);
    const last = items.at(-1);
    // As a DynamoDB query with a Limit: a full page says where it ended, even when nothing follows.
    return items.length < limit || last === undefined
      ? { items }
      : { items, nextCursor: encodeOrderCursor({ c: listing, p: last.placedAt, i: last.id }) };
  }

  async pastDeadline(now: Date, limit: number): Promise<StoredOrder[]> {
    const until = now.toISOString();
    const deadlineOf = ({ order }: StoredOrder): string => order.deadline ?? '';
    return [...this.stored.values()]
      .filter((stored) => stored.order.deadline !== undefined && deadlineOf(stored) <= until)
      .sort((a, b) => (deadlineOf(a) < deadlineOf(b) ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async withUnsentMessages(before: Date, limit: number): Promise<StoredOrder[]> {
    const since = ({ outbox }: StoredOrder) => outbox.map(({ occurredAt }) => occurredAt).sort()[0] ?? '';
    return [...this.stored.values()]
      .filter((stored) => stored.outbox.length > 0 && since(stored) <= before.toISOString())
      .sort((a, b) => (since(a) < since(b) ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }
}

/** Keeps what it was asked to send; a service in `failing` refuses, as a queue that cannot be reached. */
export class RecordingSender implements MessageSender {
  readonly sent: OutboxMessage[] = [];
  readonly failing = new Set<string>();

  async send(message: OutboxMessage): Promise<void> {
    const { service } = routeOf(message.type);
    if (this.failing.has(service)) throw new TransientError(`${service} cannot be reached`);
    this.sent.push(copy(message));
  }
}

/** The catalog's products by id; one in `unavailable` cannot be priced now, as a catalog that is down. */
export class InMemoryCatalog implements Catalog {
  readonly products = new Map<string, CatalogProduct>();
  readonly unavailable = new Set<string>();
  calls = 0;

  add(product: CatalogProduct): CatalogProduct {
    this.products.set(product.id, product);
    return product;
  }

  async product(id: string): Promise<CatalogProduct | undefined> {
    this.calls += 1;
    if (this.unavailable.has(id)) throw new TransientError(`The catalog cannot tell the price of product ${id} now.`);
    return this.products.get(id);
  }
}

/** JSON with every object's keys in order, so that equal payloads compare equal. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );

/**
 * Idempotent requests in memory, with the promises of the Powertools adapter: one run per scope and
 * key, its result (or, while it runs, the run itself) shared by every repeat, another payload refused,
 * and a failed run forgotten. testing/idempotent-requests.contract.ts holds both to the same rules.
 */
export class InMemoryIdempotentRequests implements IdempotentRequests {
  readonly #runs = new Map<string, { payload: string; result: Promise<unknown> }>();

  async once<T>({ scope, key, payload }: KeyedRequest, work: () => Promise<T>): Promise<T> {
    const id = `${scope}\n${key}`;
    const earlier = this.#runs.get(id);
    if (earlier !== undefined) {
      if (earlier.payload !== canonicalJson(payload)) {
        throw new UnprocessableError([{ field: 'headers.idempotency-key', reason: 'was used for another order; send a new key for a new order' }]);
      }
      return copy((await earlier.result) as T);
    }
    const result = work();
    this.#runs.set(id, { payload: canonicalJson(payload), result });
    try {
      return copy(await result);
    } catch (error) {
      this.#runs.delete(id);
      throw error;
    }
  }
}

/**
 * Each customer's placements counted per minute of the clock, with the promises of the DynamoDB
 * adapter (testing/caller-limits.contract.ts): `limit` a minute, the next minute a fresh count.
 */
export class InMemoryCallerLimits implements CallerLimits {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #counts = new Map<string, number>();

  constructor(clock: Clock, limit: number) {
    this.#clock = clock;
    this.#limit = limit;
  }

  async admit(customerId: string): Promise<void> {
    const now = this.#clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const key = `${customerId}@${minute}`;
    const count = this.#counts.get(key) ?? 0;
    if (count >= this.#limit) throw new TooManyRequestsError('Too many orders placed in the last minute; try again shortly.', (minute + 1) * 60 - Math.floor(now.getTime() / 1000));
    this.#counts.set(key, count + 1);
  }
}
