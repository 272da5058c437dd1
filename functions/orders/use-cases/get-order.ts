import { NotFoundError } from '../../../lib/errors.ts';
import type { Order, OrderState } from '../domain/order.ts';
import type { OrderPage, OrderRepository, Reader } from '../ports.ts';

/** An order is its owner's to see; an admin sees any. */
export const visibleTo = (caller: Reader, order: Order): boolean => caller.role === 'admin' || caller.userId === order.customerId;

/** The order, if the caller may see it; else NotFoundError, so that nobody learns which ids exist. */
export async function getOrder({ orders }: { orders: OrderRepository }, caller: Reader, orderId: string): Promise<Order> {
  const stored = await orders.find(orderId);
  if (stored === undefined || !visibleTo(caller, stored.order)) throw new NotFoundError(`There is no order ${orderId}.`);
  return stored.order;
}

/** The caller's own orders, newest first. */
export async function listOrders(
  { orders }: { orders: OrderRepository },
  caller: Reader,
  page: { limit: number; cursor?: string },
): Promise<OrderPage> {
  return orders.listByCustomer(caller.userId, page);
}

/** Every customer's orders, newest first, in one state or in all: what an operator watches (admins only, by the route's authorizer). */
export async function listLatestOrders(
  { orders }: { orders: OrderRepository },
  query: { state?: OrderState; limit: number; cursor?: string },
): Promise<OrderPage> {
  return orders.latest(query);
}
