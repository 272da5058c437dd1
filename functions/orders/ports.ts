import { TransientError } from '../../lib/errors.ts';
import type { Order, OrderState } from './domain/order.ts';

/** The order was written by someone else since it was read: read it again and act on what it is now. */
export class OrderMovedOnError extends TransientError {
  override readonly name = 'OrderMovedOnError';
}

/**
 * A message a transition caused, as the envelope every message between services is
 * (lib/contracts/envelope.ts): the outbox keeps it whole, so its id survives every resend.
 */
export type OutboxMessage = Readonly<{ messageId: string; type: string; version: number; occurredAt: string; correlationId: string; data: unknown }>;

/** Who is asking, as the gateway vouched: an order is its owner's, and an admin's to read. */
export type Reader = Readonly<{ userId: string; role: 'customer' | 'admin' }>;

/** An order as stored: the order and the messages it has committed but not yet seen sent. */
export type StoredOrder = Readonly<{ order: Order; outbox: readonly OutboxMessage[] }>;

export type OrderPage = { items: Order[]; nextCursor?: string };

export interface OrderRepository {
  /** Stores a new order with the messages it causes (ConflictError if its id is taken). */
  add(order: Order, outbox: readonly OutboxMessage[]): Promise<void>;
  /** The order and its unsent messages, or undefined. Always the latest write. */
  find(id: string): Promise<StoredOrder | undefined>;
  /**
   * Replaces the order stored at `expected` (its state and version) by `order`, with `outbox` as its
   * unsent messages, in one conditional write; an OrderMovedOnError if the order has moved on since (the caller reads again).
   */
  save(order: Order, expected: Pick<Order, 'state' | 'version'>, outbox: readonly OutboxMessage[]): Promise<void>;
  /**
   * Marks the outbox sent, if the order is still at `version`; if it has moved on, whoever moved it
   * carried these messages into its own outbox and sends them, so nothing is lost.
   */
  clearOutbox(id: string, version: number): Promise<void>;
  /** The customer's orders, newest first; the cursor is opaque (a bad one is a ValidationError naming `query.cursor`). */
  listByCustomer(customerId: string, page: { limit: number; cursor?: string }): Promise<OrderPage>;
  /**
   * Every customer's orders, newest placed first; with `state`, only those in that state now. Orders
   * that move on while a page is read may leave it shorter than `limit`. The cursor is opaque (a bad
   * one, or one of a listing of another state, is a ValidationError naming `query.cursor`).
   */
  latest(query: { state?: OrderState; limit: number; cursor?: string }): Promise<OrderPage>;
  /** Open orders whose deadline is at or before `now`, earliest first, each as `find` gives it (the latest write). */
  pastDeadline(now: Date, limit: number): Promise<StoredOrder[]>;
  /** Orders with messages committed at or before `before` and still unsent, oldest first. */
  withUnsentMessages(before: Date, limit: number): Promise<StoredOrder[]>;
}

/** Sends an outbox message to where its type goes (lib/contracts/routes.ts), the queue found by name through the registry. */
export interface MessageSender {
  send(message: OutboxMessage): Promise<void>;
}

/** A product as the catalog sells it: what an order line is priced at. */
export type CatalogProduct = Readonly<{ id: string; priceCents: number; currency: string }>;

/** The catalog, asked synchronously at placement. */
export interface Catalog {
  /**
   * The product as the catalog sells it now, or undefined when it sells no such product (unknown or
   * deleted). A TransientError when the catalog cannot answer now.
   */
  product(id: string): Promise<CatalogProduct | undefined>;
}

/** How many orders each customer may place in a while, so that one customer's flood takes ordering from no one else. */
export interface CallerLimits {
  /** Counts one placement by the customer; a TooManyRequestsError (with its Retry-After) once they are past their share. */
  admit(customerId: string): Promise<void>;
}

/** How far behind the saga is: an order taken now must be able to finish before its deadlines. */
export interface SagaBacklog {
  /** Whether more work waits in the saga's queues than it can get through in time. */
  overloaded(): Promise<boolean>;
}

/** A request the caller may send again under the same key, as an `Idempotency-Key` promises. */
export type KeyedRequest = Readonly<{ scope: string; key: string; payload: unknown }>;

export interface IdempotentRequests {
  /**
   * Runs `work` once per scope and key and gives every repeat its result, however often and however
   * concurrently the repeats come. The same key with another payload is an UnprocessableError naming
   * `headers.idempotency-key`. Work that fails is not remembered: a repeat runs it again.
   */
  once<T>(request: KeyedRequest, work: () => Promise<T>): Promise<T>;
}

export type { Clock } from '../../lib/clock.ts';
