/**
 * The cart and the checkout: current prices and stock of what it holds, a test card to pay with, and
 * "Place order", which sends the cart's Idempotency-Key (cart.ts) and opens the order's page.
 */
import { useEffect, useState } from 'preact/hooks';
import { ProblemError, type Product } from '@shop/client';
import { useShop } from '../app';
import { MAX_QUANTITY, type CartLine } from '../cart';
import { money } from '../order-words';
import { Loading, PageTitle, Problem, useLoad, useSubmit } from '../ui';

/**
 * Stripe's test payment methods, which Stripe's test mode and the local provider answer alike. A
 * storefront taking real cards collects a PaymentMethod with Stripe Elements instead (see the README).
 */
const TEST_CARDS = [
  { id: 'pm_card_visa', label: 'Visa test card (pays)' },
  { id: 'pm_card_mastercard', label: 'Mastercard test card (pays)' },
  { id: 'pm_card_chargeDeclined', label: 'Test card that is declined' },
  { id: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Test card without funds (declined)' },
] as const;

type Line = CartLine & { product?: Product; gone?: boolean };

/** Each line with its product as it is now; a product that no longer exists is marked so. */
async function currentLines(lines: readonly CartLine[], get: (id: string) => Promise<Product>): Promise<Line[]> {
  return Promise.all(
    lines.map(async (line) => {
      try {
        return { ...line, product: await get(line.productId) };
      } catch (error) {
        if (error instanceof ProblemError && error.status === 404) return { ...line, gone: true };
        throw error;
      }
    }),
  );
}

export function CartPage() {
  const { shop, cart, user, navigate } = useShop();
  const [state, setState] = useState(cart.current);
  useEffect(() => cart.subscribe(setState), [cart]);
  const ids = state.lines.map((line) => line.productId).join(',');
  const products = useLoad(() => currentLines(cart.current.lines, (id) => shop.products.get(id)), [shop, ids]);
  const [card, setCard] = useState<string>(TEST_CARDS[0].id);
  const [placing, place] = useSubmit(async () => {
    const order = await shop.orders.place(cart.current.lines, { idempotencyKey: cart.current.orderKey, paymentMethod: card });
    cart.clear();
    navigate(`/orders/${order.id}`);
  });

  if (state.lines.length === 0) {
    return (
      <>
        <PageTitle title="Cart">Your cart</PageTitle>
        <p>
          Your cart is empty. <a href="/">See the products</a>.
        </p>
      </>
    );
  }
  const quantities = new Map(state.lines.map((line) => [line.productId, line.quantity]));
  const lines = products.data?.map((line) => ({ ...line, quantity: quantities.get(line.productId) ?? line.quantity })).filter((line) => quantities.has(line.productId));
  const priced = lines?.filter((line) => line.product !== undefined) ?? [];
  const currencies = new Set(priced.map((line) => line.product?.currency));
  const [currency] = currencies;
  const total = priced.reduce((sum, line) => sum + line.quantity * (line.product?.priceCents ?? 0), 0);

  return (
    <>
      <PageTitle title="Cart">Your cart</PageTitle>
      {products.error !== undefined && <Problem error={products.error} />}
      {lines === undefined && products.error === undefined && <Loading what="your cart" />}
      {lines !== undefined && (
        <table class="lines">
          <caption class="visually-hidden">What your cart holds</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
              <th scope="col">
                <span class="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <CartRow key={line.productId} line={line} />
            ))}
          </tbody>
          {currencies.size === 1 && currency !== undefined && (
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td colSpan={3}>{money(total, currency)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
      {currencies.size > 1 && <p class="warning">Your cart holds products priced in different currencies; an order takes one currency.</p>}
      {user === undefined ? (
        <p>
          <a href="/sign-in?next=%2Fcart">Sign in</a> or <a href="/sign-up?next=%2Fcart">open an account</a> to place your order. Your cart is kept.
        </p>
      ) : (
        <form class="checkout" onSubmit={place}>
          <fieldset>
            <legend>Pay with</legend>
            {TEST_CARDS.map(({ id, label }) => (
              <label key={id} class="choice">
                <input type="radio" name="card" value={id} checked={card === id} onChange={() => setCard(id)} /> {label}
              </label>
            ))}
          </fieldset>
          {placing.error !== undefined && <Problem error={placing.error} />}
          <button type="submit" class="primary" disabled={placing.busy || user === null}>
            {placing.busy ? 'Placing your order…' : 'Place order'}
          </button>
        </form>
      )}
    </>
  );
}

function CartRow({ line }: { line: Line }) {
  const { cart } = useShop();
  const { product } = line;
  const name = product?.name ?? 'A product no longer sold';
  return (
    <tr>
      <th scope="row">
        {product === undefined ? name : <a href={`/products/${line.productId}`}>{name}</a>}
        {product !== undefined && product.stock < line.quantity && (
          <small class="warning"> {product.stock === 0 ? 'Out of stock now' : `Only ${product.stock} in stock now`}</small>
        )}
      </th>
      <td>{product === undefined ? '—' : money(product.priceCents, product.currency)}</td>
      <td>
        <label class="visually-hidden" for={`quantity-${line.productId}`}>
          Quantity of {name}
        </label>
        <input
          id={`quantity-${line.productId}`}
          class="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_QUANTITY}
          value={line.quantity}
          onChange={(event) => cart.set(line.productId, Math.max(1, Number(event.currentTarget.value) || 1))}
        />
      </td>
      <td>
        <button type="button" class="link" onClick={() => cart.set(line.productId, 0)} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}
