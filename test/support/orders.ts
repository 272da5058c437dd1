import { randomUUID } from 'node:crypto';
import type { Order } from '../../functions/orders/domain/order.ts';
import { api, type ApiResponse } from './api.ts';
import { bearer, type Account } from './auth.ts';
import { eventually } from './aws.ts';

type Items = Array<{ productId: string; quantity: number }>;

/** POST /orders as a client sends it: the items, and a key of its own unless the test gives one. */
export function placeOrder(account: Account, items: Items, idempotencyKey: string | undefined = randomUUID()): Promise<ApiResponse<Order & { errors?: Array<{ field: string }> }>> {
  const headers = { ...bearer(account.accessToken), ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) };
  return api('POST', '/orders', { body: { items }, headers });
}

export const orderOf = (account: Account, id: string) => api<Order>('GET', `/orders/${id}`, { headers: bearer(account.accessToken) });

const FINAL = ['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED'];

/** Waits until the order is in `state` (by default: any final state), and returns it. */
export function orderIn(account: Account, id: string, state?: string, timeoutMs = 30_000): Promise<Order> {
  return eventually(
    async () => {
      const { status, body } = await orderOf(account, id);
      if (status !== 200) return undefined;
      return (state === undefined ? FINAL.includes(body.state) : body.state === state) ? body : undefined;
    },
    timeoutMs,
    `order ${id} ${state ?? 'final'}`,
  );
}

/** The states the order went through, as its history shows them. */
export const statesOf = (order: Order): string[] => order.history.map(({ state }) => state);
