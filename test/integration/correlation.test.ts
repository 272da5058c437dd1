/**
 * One correlation id through a whole order: given on POST /orders, it is on every log line of every
 * function the order goes through (five services), in every message between them (each consumer logs
 * with the id its message brought), and on what leaves the shop: the charge and the email.
 */
import { randomUUID } from 'node:crypto';
import type { Order } from '../../functions/orders/domain/order.ts';
import { api } from '../support/api.ts';
import { bearer, signUp, type Account } from '../support/auth.ts';
import { eventually, resourceName } from '../support/aws.ts';
import { createProduct } from '../support/catalog.ts';
import { orderIn } from '../support/orders.ts';
import { chargesFor } from '../support/payments.ts';
import { sesHeadersOfMailTo } from '../support/ses.ts';
import { functionLogLines, stackLogMark, type FunctionLogLine } from '../support/stack-log.ts';

// The shape lib/correlation.ts accepts from a caller, and unlike any id the stack makes itself (UUIDs).
const correlationId = `test-order.${randomUUID()}`;

// Each service's functions that a confirmed order goes through, as the log names them.
const TOUCHED = [
  { service: 'orders', function: 'placeOrder' },
  { service: 'catalog', function: 'getProduct' },
  { service: 'catalog', function: 'stockCommands' },
  { service: 'orders', function: 'orderReplies' },
  { service: 'payments', function: 'paymentCommands' },
  { service: 'notifications', function: 'orderEvents' },
].map(({ service, function: name }) => ({ service, function_name: resourceName(name) }));

let customer: Account;
let placed: { status: number; headers: Headers; body: Order };
let order: Order;
let logFrom: number;

/** The function lines written since the order was placed. */
const linesSincePlaced = (): FunctionLogLine[] => functionLogLines(logFrom);
const mentions = (line: FunctionLogLine, text: string): boolean => JSON.stringify(line).includes(text);
const handledBy = (lines: FunctionLogLine[], { service, function_name }: (typeof TOUCHED)[number]) =>
  lines.some((line) => line.service === service && line.function_name === function_name);

beforeAll(async () => {
  customer = await signUp('Correlated');
  const teapot = await createProduct({ stock: 3, priceCents: 1500 });
  logFrom = stackLogMark();

  placed = await api<Order>('POST', '/orders', {
    body: { items: [{ productId: teapot.id, quantity: 1 }] },
    headers: { ...bearer(customer.accessToken), 'idempotency-key': randomUUID(), 'x-correlation-id': correlationId },
  });
  order = await orderIn(customer, placed.body.id);
  // A function's lines reach the stack's log a moment after its work shows: wait for the last one's
  // line about the order, and if it never comes let the tests below say what is missing.
  await eventually(
    async () => (handledBy(linesSincePlaced().filter((line) => mentions(line, order.id)), TOUCHED[5]!) ? true : undefined),
    20_000,
    'the notifications service to log its handling of the order',
  ).catch(() => undefined);
}, 60_000);

describe('one correlation id across the five services', () => {
  it('answers POST /orders with the X-Correlation-Id it was given, and the order ends CONFIRMED', () => {
    expect(placed.status).toBe(202);
    expect(placed.headers.get('x-correlation-id')).toBe(correlationId);
    expect(order.state).toBe('CONFIRMED');
  });

  it('is on log lines of every function the order went through: orders, catalog (the price and the stock), payments and notifications', () => {
    const carrying = linesSincePlaced().filter((line) => line.correlation_id === correlationId);

    const functions = TOUCHED.filter((touched) => handledBy(carrying, touched));

    expect(functions).toEqual(TOUCHED);
  });

  it('came with every message of the saga: each consumer logs the message it handled with it', () => {
    const handled = linesSincePlaced().filter((line) => line.message === 'message handled' && line.correlation_id === correlationId);

    const types = new Set(handled.map((line) => `${line.function_name.replace(resourceName(''), '')} ${String(line.type)}`));

    expect([...types].sort()).toEqual(
      ['stockCommands ReserveStock', 'orderReplies StockReserved', 'paymentCommands ChargePayment', 'orderReplies PaymentCharged', 'orderEvents OrderConfirmed'].sort(),
    );
  });

  it('is the one correlation id on every function log line that mentions the order', () => {
    const aboutTheOrder = linesSincePlaced().filter((line) => mentions(line, order.id));

    expect(TOUCHED.filter((touched) => handledBy(aboutTheOrder, touched)).map(({ function_name }) => function_name)).toEqual(
      expect.arrayContaining(['stockCommands', 'orderReplies', 'paymentCommands', 'orderEvents'].map(resourceName)),
    );
    expect(aboutTheOrder.filter((line) => line.correlation_id !== correlationId)).toEqual([]);
  });

  it('goes to the payment provider with the charge', async () => {
    const charges = await chargesFor(order.id);

    expect(charges).toEqual([expect.objectContaining({ correlationId })]);
  });

  it('goes out in the confirmation email, as its X-Correlation-Id header', async () => {
    const mail = await eventually(async () => {
      const found = await sesHeadersOfMailTo(customer.email);
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the confirmation email');

    expect(mail).toEqual([{ 'x-correlation-id': correlationId }]);
  });
});
