/**
 * My orders, and an order's own page, which follows the order live (it asks again every second)
 * until it ends: each step of its history as it comes, and why it failed when it does.
 */
import { useEffect, useState } from 'preact/hooks';
import { FINAL_STATES, type Order, type Product } from '@shop/client';
import { SignedIn, useShop } from '../app';
import { canCancel, money, outcomeWords, stateWords } from '../order-words';
import { isRefusal, Loading, PageTitle, Problem, shortId, StateBadge, useLoad, useSubmit, when } from '../ui';

/** How often an open order is asked for again. */
const FOLLOW_MS = 1000;

export function OrdersPage() {
  return <SignedIn>{() => <Orders />}</SignedIn>;
}

/** A list read a page at a time, with "More" for the next page. */
export function usePages<T>(load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>, deps: readonly unknown[]) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [items, setItems] = useState<T[]>([]);
  const page = useLoad(() => load(cursor), [...deps, cursor]);
  useEffect(() => {
    if (page.data !== undefined) setItems((before) => (cursor === undefined ? page.data!.items : [...before, ...page.data!.items]));
  }, [page.data]);
  return { items, page, more: page.data?.nextCursor === undefined ? undefined : () => setCursor(page.data?.nextCursor) };
}

function Orders() {
  const { shop } = useShop();
  const { items, page, more } = usePages((cursor) => shop.orders.list({ limit: 20, ...(cursor === undefined ? {} : { cursor }) }), [shop]);
  return (
    <>
      <PageTitle title="My orders">My orders</PageTitle>
      {page.error !== undefined && <Problem error={page.error} />}
      {page.loading && items.length === 0 && <Loading what="your orders" />}
      {!page.loading && items.length === 0 && page.error === undefined && (
        <p>
          No orders yet. <a href="/">See the products</a>.
        </p>
      )}
      {items.length > 0 && (
        <table class="orders">
          <caption class="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Total</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  <a href={`/orders/${order.id}`} aria-label={`Order ${shortId(order.id)}`}>
                    {shortId(order.id)}
                  </a>
                </th>
                <td>{when(order.placedAt)}</td>
                <td>{money(order.totalCents, order.currency)}</td>
                <td>
                  <StateBadge state={order.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more !== undefined && (
        <button type="button" onClick={more} disabled={page.loading}>
          More orders
        </button>
      )}
    </>
  );
}

export function OrderPage({ id }: { id: string }) {
  return <SignedIn>{() => <FollowedOrder id={id} />}</SignedIn>;
}

/** The order, asked for again every FOLLOW_MS until it is in a final state. */
function useFollowedOrder(id: string) {
  const { shop } = useShop();
  const [order, setOrder] = useState<Order | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      try {
        const current = await shop.orders.get(id);
        if (stopped) return;
        setOrder(current);
        setError(undefined);
        if (!FINAL_STATES.has(current.state)) timer = setTimeout(() => void look(), FOLLOW_MS);
      } catch (failure) {
        if (stopped) return;
        setError(failure);
        // A moment's failure (no answer, a 5xx) is tried again, more slowly; an answer that refuses is not.
        if (!isRefusal(failure)) timer = setTimeout(() => void look(), 5 * FOLLOW_MS);
      }
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [shop, id, round]);
  return { order, error, follow: () => setRound((value) => value + 1), replace: setOrder };
}

function FollowedOrder({ id }: { id: string }) {
  const { shop } = useShop();
  const { order, error, follow, replace } = useFollowedOrder(id);
  const products = useLoad(() => productsOf(order, (productId) => shop.products.get(productId)), [shop, order?.lines.map((line) => line.productId).join()]);
  const [cancelling, cancel] = useSubmit(async () => {
    replace(await shop.orders.cancel(id));
    follow();
  });

  if (order === undefined) {
    return (
      <>
        <PageTitle title="Order">Order {shortId(id)}</PageTitle>
        {error === undefined ? <Loading what="the order" /> : <Problem error={error} />}
      </>
    );
  }
  const outcome = outcomeWords(order);
  const nameOf = (productId: string) => products.data?.get(productId) ?? `Product ${shortId(productId)}`;
  const open = !FINAL_STATES.has(order.state);
  return (
    <article class="order">
      <PageTitle title={`Order ${shortId(order.id)}`}>Order {shortId(order.id)}</PageTitle>
      {/* A status region: a screen reader says each new state as the order moves. */}
      <div class="order-state" role="status" aria-label="Order state">
        <p>
          <StateBadge state={order.state} /> <span class="state-words">{stateWords(order.state)}</span>
          {open && <span class="following"> (following it live)</span>}
        </p>
        {outcome !== undefined && <p class="outcome">{outcome}</p>}
      </div>
      {error !== undefined && <Problem error={error} />}
      <table class="lines">
        <caption class="visually-hidden">What the order holds</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.productId}>
              <th scope="row">
                <a href={`/products/${line.productId}`}>{nameOf(line.productId)}</a>
              </th>
              <td>{line.quantity}</td>
              <td>{money(line.unitPriceCents, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td colSpan={2}>{money(order.totalCents, order.currency)}</td>
          </tr>
        </tfoot>
      </table>
      <p class="meta">
        Placed {when(order.placedAt)}
        {order.paymentMethod !== undefined && <> · paid with {order.paymentMethod}</>}
      </p>
      {canCancel(order.state) && (
        <form onSubmit={cancel}>
          {cancelling.error !== undefined && <Problem error={cancelling.error} />}
          <button type="submit" class="danger" disabled={cancelling.busy}>
            {cancelling.busy ? 'Cancelling…' : 'Cancel this order'}
          </button>
        </form>
      )}
      <h2>History</h2>
      <ol class="history">
        {order.history.map((step, index) => (
          <li key={`${index}-${step.state}`}>
            <StateBadge state={step.state} /> <time dateTime={step.at}>{when(step.at)}</time>
            <span class="by"> by {step.by}</span>
            {step.reason !== '' && <span class="reason">: {step.reason}</span>}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** The names of the order's products, by id; one that no longer exists is left out. */
async function productsOf(order: Order | undefined, get: (id: string) => Promise<Product>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const productId of new Set(order?.lines.map((line) => line.productId) ?? [])) {
    const product = await get(productId).catch(() => undefined);
    if (product !== undefined) names.set(productId, product.name);
  }
  return names;
}
