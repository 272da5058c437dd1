import type { Product, ProductChanges, VersionPrecondition } from './domain/product.ts';
import type { Reservation, ReservedReservation, StockAnswer, StockLine } from './domain/reservation.ts';

export type ProductQuery = { category?: string; limit: number; cursor?: string };
export type ProductPage = { items: Product[]; nextCursor?: string };

export interface ProductRepository {
  /** Stores a new product (ConflictError if its id is taken, even by a deleted one). */
  add(product: Product): Promise<void>;
  /** The product, or undefined when there is none (or it was deleted). Always the latest write. */
  find(id: string): Promise<Product | undefined>;
  /**
   * A page of live products, by lower-case name, then id, compared as UTF-8 bytes (as DynamoDB orders
   * keys, so `é` comes after `f`). The cursor is opaque and a bad one is a ValidationError naming `query.cursor`.
   * No `nextCursor` means the listing is done; a full page always has one (the next page may be empty).
   */
  list(query: ProductQuery): Promise<ProductPage>;
  /**
   * Applies `changes` if the product is at a version `expected` admits, in one conditional write, and
   * returns it as revised (else NotFoundError, or PreconditionFailedError naming its version).
   */
  revise(id: string, changes: ProductChanges, expected: VersionPrecondition, now: Date): Promise<Product>;
  /** Deletes the product if it is at a version `expected` admits, in one conditional write (errors as `revise`). */
  remove(id: string, expected: VersionPrecondition, now: Date): Promise<void>;
}

export type ReserveAttempt =
  | { outcome: 'RESERVED' }
  | { outcome: 'SHORT'; reason: 'INSUFFICIENT_STOCK' | 'UNKNOWN_PRODUCT'; productId: string }
  | { outcome: 'ALREADY_DECIDED' };

/** Stock held by orders. Every method is atomic: all lines or none. */
export interface StockLedger {
  find(orderId: string): Promise<Reservation | undefined>;
  /** Takes every line out of stock and records the reservation, or changes nothing. */
  reserve(orderId: string, lines: readonly StockLine[], now: Date): Promise<ReserveAttempt>;
  /** Records a decision that holds no stock, unless one already stands; returns the one that stands. */
  record(decision: Exclude<Reservation, ReservedReservation>, now: Date): Promise<Reservation>;
  /** Gives the reservation's lines back to stock and marks it released; a second call changes nothing. */
  release(reservation: ReservedReservation, now: Date): Promise<void>;
}

/** The way back to the queue a command named. */
export interface StockReplies {
  /** May start finding the queue at once, so that it is found while the answer is worked out. */
  to(replyTo: string): ReplyChannel;
}

export interface ReplyChannel {
  send(answer: StockAnswer): Promise<void>;
}

export type { Clock } from '../../lib/clock.ts';
export type { IdGenerator } from '../../lib/ids.ts';
