import { Buffer } from 'node:buffer';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { nameSortKey } from '../adapters/catalog-table.ts';
import { decodeCursor, encodeCursor } from '../adapters/product-cursor.ts';
import { reviseProduct, staleVersion, type Product, type ProductChanges, type VersionPrecondition } from '../domain/product.ts';
import type { Reservation, ReservedReservation, StockAnswer, StockLine } from '../domain/reservation.ts';
import type {
  IdGenerator,
  ProductPage,
  ProductQuery,
  ProductRepository,
  ReplyChannel,
  ReserveAttempt,
  StockLedger,
  StockReplies,
} from '../ports.ts';

type StoredProduct = Product & { deleted?: boolean };

/**
 * In-memory fakes of the catalog's ports with the semantics the DynamoDB adapters promise: writes
 * conditional on version, all-or-nothing reservations, one decision per order, and the listing's
 * order and cursors (the adapters' own, so a forged cursor fails alike). The contract suites beside
 * this file hold fake and adapter to the same rules.
 */
export class InMemoryProducts implements ProductRepository {
  readonly stored = new Map<string, StoredProduct>();

  async add(product: Product): Promise<void> {
    if (this.stored.has(product.id)) throw new ConflictError(`There is a product ${product.id} already.`);
    this.stored.set(product.id, product);
  }

  async find(id: string): Promise<Product | undefined> {
    const product = this.stored.get(id);
    return product === undefined || product.deleted === true ? undefined : strip(product);
  }

  async list({ category, limit, cursor }: ProductQuery): Promise<ProductPage> {
    const after = cursor === undefined ? undefined : Buffer.from(decodeCursor(cursor, category ?? null).s);
    const items = [...this.stored.values()]
      .filter((product) => product.deleted !== true && (category === undefined || product.category === category))
      .map((product) => ({ product, key: Buffer.from(nameSortKey(product)) }))
      .filter(({ key }) => after === undefined || Buffer.compare(key, after) > 0)
      .sort((a, b) => Buffer.compare(a.key, b.key))
      .slice(0, limit)
      .map(({ product }) => strip(product));
    const last = items.at(-1);
    // As a DynamoDB query with a Limit: a full page says where it ended, even when nothing follows.
    return items.length < limit || last === undefined
      ? { items }
      : { items, nextCursor: encodeCursor({ c: category ?? null, s: nameSortKey(last), i: last.id }) };
  }

  async revise(id: string, changes: ProductChanges, expected: VersionPrecondition, now: Date): Promise<Product> {
    const revised = reviseProduct(this.#live(id, expected), changes, now);
    this.stored.set(id, revised);
    return revised;
  }

  async remove(id: string, expected: VersionPrecondition): Promise<void> {
    const current = this.#live(id, expected);
    this.stored.set(id, { ...current, version: current.version + 1, deleted: true });
  }

  /** Stock moves made by the ledger: they bump the version, as the DynamoDB adapter does. */
  adjustStock(productId: string, by: number): void {
    const product = this.stored.get(productId);
    if (product === undefined) throw new Error(`no product ${productId}`);
    this.stored.set(productId, { ...product, stock: product.stock + by, version: product.version + 1 });
  }

  #live(id: string, expected: VersionPrecondition): Product {
    const current = this.stored.get(id);
    if (current === undefined || current.deleted === true) throw new NotFoundError(`There is no product ${id}.`);
    if (expected !== 'any' && !expected.includes(current.version)) throw staleVersion(id, current.version, expected);
    return strip(current);
  }
}

export class InMemoryStockLedger implements StockLedger {
  readonly reservations = new Map<string, Reservation>();
  readonly #products: InMemoryProducts;

  constructor(products: InMemoryProducts) {
    this.#products = products;
  }

  async find(orderId: string): Promise<Reservation | undefined> {
    return this.reservations.get(orderId);
  }

  async reserve(orderId: string, lines: readonly StockLine[]): Promise<ReserveAttempt> {
    if (this.reservations.has(orderId)) return { outcome: 'ALREADY_DECIDED' };
    for (const { productId, quantity } of lines) {
      const product = this.#products.stored.get(productId);
      if (product === undefined || product.deleted === true) return { outcome: 'SHORT', reason: 'UNKNOWN_PRODUCT', productId };
      if (product.stock < quantity) return { outcome: 'SHORT', reason: 'INSUFFICIENT_STOCK', productId };
    }
    for (const line of lines) this.#products.adjustStock(line.productId, -line.quantity);
    this.reservations.set(orderId, { orderId, status: 'RESERVED', lines });
    return { outcome: 'RESERVED' };
  }

  async record(decision: Exclude<Reservation, ReservedReservation>): Promise<Reservation> {
    const standing = this.reservations.get(decision.orderId);
    if (standing !== undefined) return standing;
    this.reservations.set(decision.orderId, decision);
    return decision;
  }

  async release(reservation: ReservedReservation): Promise<void> {
    if (this.reservations.get(reservation.orderId)?.status !== 'RESERVED') return;
    for (const line of reservation.lines) this.#products.adjustStock(line.productId, line.quantity);
    this.reservations.set(reservation.orderId, { ...reservation, status: 'RELEASED' });
  }
}

const strip = ({ deleted: _deleted, ...product }: StoredProduct): Product => product;

export class RecordingReplies implements StockReplies {
  readonly sent: Array<{ replyTo: string; answer: StockAnswer }> = [];
  /** Queues that are not there: a send to one fails, as the SQS adapter's does. */
  readonly missingQueues = new Set<string>();

  to(replyTo: string): ReplyChannel {
    return {
      send: async (answer) => {
        if (this.missingQueues.has(replyTo)) throw new Error(`There is no queue ${replyTo}.`);
        this.sent.push({ replyTo, answer });
      },
    };
  }
}

export const sequentialIds = (prefix = '00000000-0000-4000-8000-'): IdGenerator => {
  let next = 0;
  return { next: () => `${prefix}${String(++next).padStart(12, '0')}` };
};

export const aDraft = (overrides: Partial<Product> = {}) => ({
  name: 'Teapot',
  description: 'Cast iron, 1 l',
  priceCents: 2500,
  currency: 'EUR',
  category: 'kitchen',
  stock: 5,
  ...overrides,
});
