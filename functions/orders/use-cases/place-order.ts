import { ConflictError, TransientError, UnprocessableError, type FieldError } from '../../../lib/errors.ts';
import { MAX_ORDER_TOTAL_CENTS, orderIdFor, sameLines, type Order, type OrderLine } from '../domain/order.ts';
import { startOrder } from '../domain/saga.ts';
import type { CallerLimits, Catalog, IdempotentRequests, SagaBacklog, StoredOrder } from '../ports.ts';
import { commitNewOrder, flushOutbox, sagaContext, type SagaDeps } from './saga.ts';

export type PlaceOrderDeps = SagaDeps & { catalog: Catalog; idempotency: IdempotentRequests; limits: CallerLimits; backlog: SagaBacklog };

/** How long a caller told the saga is behind waits before trying again. */
const BACKLOG_RETRY_AFTER_SECONDS = 5;

/** Who places the order, as the gateway vouched: the email is where its notifications go. */
export type Customer = Readonly<{ userId: string; email: string }>;

type Item = Readonly<{ productId: string; quantity: number }>;
export type OrderRequest = Readonly<{ items: readonly Item[]; paymentMethod?: string }>;

/**
 * Places an order, once per customer and Idempotency-Key: the catalog prices each line now, and the
 * order starts in PENDING with ReserveStock as its saga's first message. A repeat of the same request
 * (the same lines in any order) gets the first answer; the key with other items is refused
 * (UnprocessableError). A placement is refused while the saga is too far behind to finish it in time
 * (503), or when the customer placed too many lately (429); a repeat answered from its idempotency
 * record is neither.
 */
export function placeOrder(deps: PlaceOrderDeps, customer: Customer, idempotencyKey: string, request: OrderRequest): Promise<Order> {
  const payload = { ...request, items: [...request.items].sort((a, b) => (a.productId < b.productId ? -1 : 1)) };
  return deps.idempotency.once({ scope: customer.userId, key: idempotencyKey, payload }, () => place(deps, customer, idempotencyKey, request));
}

async function place(deps: PlaceOrderDeps, customer: Customer, idempotencyKey: string, { items, paymentMethod }: OrderRequest): Promise<Order> {
  if (await deps.backlog.overloaded()) {
    throw new TransientError('The shop has more orders under way than it can finish in time; try again shortly.', { retryAfterSeconds: BACKLOG_RETRY_AFTER_SECONDS });
  }
  await deps.limits.admit(customer.userId);
  const id = orderIdFor(customer.userId, idempotencyKey);
  const { lines, currency } = await priced(deps.catalog, items);
  const step = startOrder({ id, customerId: customer.userId, customerEmail: customer.email, lines, currency, ...(paymentMethod === undefined ? {} : { paymentMethod }) }, sagaContext(deps));
  try {
    return await commitNewOrder(deps, step);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // The key placed this order before (a retry after a crash, or after its idempotency record expired).
    const stored = await deps.orders.find(id);
    if (stored === undefined) throw error;
    return replayed(deps, stored, items);
  }
}

/** The order placed before under the key, if it is the one asked for; what it left unsent goes now. */
async function replayed(deps: PlaceOrderDeps, stored: StoredOrder, items: readonly Item[]): Promise<Order> {
  if (!sameLines(stored.order, items)) throw keyReused();
  await flushOutbox(deps, stored);
  return stored.order;
}

const keyReused = () =>
  new UnprocessableError([{ field: 'headers.idempotency-key', reason: 'was used for another order; send a new key for a new order' }]);

/** Each line at the catalog's price now; every product must exist, and all be sold in one currency. */
async function priced(catalog: Catalog, items: readonly Item[]): Promise<{ lines: OrderLine[]; currency: string }> {
  const products = await Promise.all(items.map(({ productId }) => catalog.product(productId)));
  const lines: OrderLine[] = [];
  const unknown: FieldError[] = [];
  items.forEach(({ productId, quantity }, index) => {
    const product = products[index];
    if (product === undefined) unknown.push({ field: `items.${index}.productId`, reason: `is not a product the catalog sells (${productId})` });
    else lines.push({ productId, quantity, unitPriceCents: product.priceCents });
  });
  if (unknown.length > 0) throw new UnprocessableError(unknown);
  const currencies = [...new Set(products.map((product) => product?.currency))];
  const [currency] = currencies;
  if (currencies.length !== 1 || currency === undefined) {
    throw new UnprocessableError([{ field: 'items', reason: `mixes currencies (${currencies.join(', ')}); one order is paid in one currency` }]);
  }
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  if (total > MAX_ORDER_TOTAL_CENTS) throw new UnprocessableError([{ field: 'items', reason: `come to more than one order may cost (${MAX_ORDER_TOTAL_CENTS} cents)` }]);
  return { lines, currency };
}
