import { randomUUID } from 'node:crypto';
import { DynamoDbOrderRepository } from '../../functions/orders/adapters/dynamodb-order-repository.ts';
import type { Order, OrderLine } from '../../functions/orders/domain/order.ts';
import { startOrder, transition, type Step } from '../../functions/orders/domain/saga.ts';
import type { SweepResult } from '../../functions/orders/use-cases/sweep-orders.ts';
import { SAGA_MESSAGES } from '../../lib/contracts/routes.ts';
import { newMessage } from '../../lib/contracts/envelope.ts';
import { lambdaInvoker } from '../../scripts/local/sqs-poller.ts';
import { api, type ApiResponse } from './api.ts';
import { bearer, type Account } from './auth.ts';
import { documents, eventually, resourceName, send } from './aws.ts';

type Items = Array<{ productId: string; quantity: number }>;

/**
 * How long a placement answered 503 is sent again, as a client should (after its Retry-After, under the
 * same key): long enough for a busy machine's catalog to answer again and its breaker to close. A 429 is
 * an answer the tests look at (each try counts against the customer's share).
 */
const RETRY_FOR_MS = 60_000;

/**
 * POST /orders as a client sends it: the items (and a payment method, when given), and a key of its own
 * unless the test gives one. A 503 (the catalog or the saga too busy on a loaded machine) is sent again
 * after its Retry-After under the same key, as the API asks; any other answer is the test's to judge.
 */
export async function placeOrder(
  account: Account,
  items: Items,
  idempotencyKey: string | undefined = randomUUID(),
  paymentMethod?: string,
): Promise<ApiResponse<Order & { errors?: Array<{ field: string }> }>> {
  const headers = { ...bearer(account.accessToken), ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) };
  const body = { items, ...(paymentMethod === undefined ? {} : { paymentMethod }) };
  const givingUpAt = Date.now() + RETRY_FOR_MS;
  for (;;) {
    const response = await api<Order & { errors?: Array<{ field: string }> }>('POST', '/orders', { body, headers });
    if (response.status !== 503 || Date.now() > givingUpAt) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '1') * 1000));
  }
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

export const ordersRepliesQueue = () => resourceName('orders-replies');
export const ordersRepliesDlq = () => resourceName('orders-replies-dlq');

/** Runs the orders sweeper now, as its schedule would (through serverless-offline's Lambda API), and says what it did. */
export async function sweepOrdersNow(): Promise<SweepResult> {
  const endpoint = process.env.SHOP_LAMBDA_URL;
  if (endpoint === undefined) throw new Error('SHOP_LAMBDA_URL is not set: run under the integration project.');
  const result = await lambdaInvoker(endpoint)(resourceName('sweepOrders'), {} as never);
  if (!result.ok) throw new Error(`The sweeper failed: ${result.error}`);
  return result.payload as SweepResult;
}

/**
 * Runs the sweeper every second, as its schedule does on AWS, until the returned stop is awaited: for a
 * test whose orders meet deadlines while it is busy with something else.
 */
export function sweepingInBackground(): () => Promise<void> {
  let sweeping = true;
  const loop = (async () => {
    while (sweeping) {
      await sweepOrdersNow();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return async () => {
    sweeping = false;
    await loop;
  };
}

/** Waits until the order is in `state`, running the sweeper between looks (so a deadline is acted on at once). */
export function orderSweptInto(account: Account, id: string, state?: string, timeoutMs = 40_000): Promise<Order> {
  return eventually(
    async () => {
      const { status, body } = await orderOf(account, id);
      if (status === 200 && (state === undefined ? FINAL.includes(body.state) : body.state === state)) return body;
      await sweepOrdersNow();
      return undefined;
    },
    timeoutMs,
    `order ${id} ${state ?? 'final'} (sweeping)`,
  );
}

const repository = () => new DynamoDbOrderRepository(documents, resourceName('orders'));

/**
 * Stores an order as a crash would leave it: the transition committed with its messages, none of them
 * sent. `ago` is how long before now it committed (so the sweeper takes its outbox for lost).
 */
export async function storeUnsentOrder(account: Account, lines: OrderLine[], { ago = 60_000 } = {}): Promise<Order> {
  const committedAt = new Date(Date.now() - ago);
  // The deadline counts from now, as if the placement had just committed: the test is about the outbox.
  const step = startOrder(
    { id: randomUUID(), customerId: account.id, customerEmail: account.email, lines, currency: 'EUR' },
    { now: new Date(), replyTo: ordersRepliesQueue(), timeouts: { stockSeconds: 60, paymentSeconds: 60, compensationSeconds: 60 } },
  );
  await repository().add(step.order, envelopesOf(step, committedAt));
  return step.order;
}

/**
 * Stores an order whose last command went out (nothing unsent) and whose answer never came: in PENDING,
 * or in STOCK_RESERVED (`reserved`), with its deadline already `overdueSeconds` past.
 */
export async function storeOverdueOrder(account: Account, lines: OrderLine[], { reserved = false, overdueSeconds = 5 } = {}): Promise<Order> {
  const timeouts = { stockSeconds: 1, paymentSeconds: 1, compensationSeconds: 60 };
  const ctx = { now: new Date(Date.now() - (1 + overdueSeconds) * 1000), replyTo: ordersRepliesQueue(), timeouts };
  const placed = startOrder({ id: randomUUID(), customerId: account.id, customerEmail: account.email, lines, currency: 'EUR' }, ctx).order;
  const items = lines.map(({ productId, quantity }) => ({ productId, quantity }));
  const order = reserved ? transition(placed, { type: 'StockReserved', data: { orderId: placed.id, items } }, ctx).order : placed;
  await repository().add(order, []);
  return order;
}

/**
 * Stores an order whose stock is held and whose ChargePayment has gone out, with a payment deadline
 * `paymentSeconds` from now (far shorter than the stage's, so a test sees it pass), and sends that
 * ChargePayment to payments, as the saga would have. The stock itself was never taken at the catalog.
 */
export async function storeChargingOrder(account: Account, lines: OrderLine[], { paymentSeconds }: { paymentSeconds: number }): Promise<Order> {
  const ctx = { now: new Date(), replyTo: ordersRepliesQueue(), timeouts: { stockSeconds: 60, paymentSeconds, compensationSeconds: 60 } };
  const placed = startOrder({ id: randomUUID(), customerId: account.id, customerEmail: account.email, lines, currency: 'EUR' }, ctx).order;
  const items = lines.map(({ productId, quantity }) => ({ productId, quantity }));
  const reserved = transition(placed, { type: 'StockReserved', data: { orderId: placed.id, items } }, ctx);
  await repository().add(reserved.order, []);
  for (const message of envelopesOf(reserved, new Date())) await send(resourceName('payments-commands'), message);
  return reserved.order;
}

/** A step's messages as the saga commits them: envelopes in the version each is sent as, checked by its contract. */
function envelopesOf(step: Step, at: Date) {
  return step.messages.map(({ type, data }) => {
    const { contract } = SAGA_MESSAGES[type];
    return contract.parse(newMessage(type, contract.messageVersion, data, at));
  });
}
