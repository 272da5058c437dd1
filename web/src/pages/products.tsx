/** Browsing: the products of a category a page at a time, and a product's own page. */
import { useState } from 'preact/hooks';
import type { Product } from '@shop/client';
import { useShop } from '../app';
import { MAX_QUANTITY } from '../cart';
import { money } from '../order-words';
import { productsPath } from '../routes';
import { Loading, PageTitle, Problem, useLoad } from '../ui';

const PAGE_SIZE = 12;

export function ProductsPage({ category, cursor }: { category?: string | undefined; cursor?: string | undefined }) {
  const { shop, navigate } = useShop();
  const products = useLoad(() => shop.products.list({ limit: PAGE_SIZE, ...(category === undefined ? {} : { category }), ...(cursor === undefined ? {} : { cursor }) }), [shop, category, cursor]);
  const [wanted, setWanted] = useState(category ?? '');
  const title = category === undefined ? 'Products' : `Products in ${category}`;
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <form
        class="filter"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(productsPath({ category: wanted.trim() }));
        }}
      >
        <label for="category">Category</label>
        <input id="category" name="category" value={wanted} onInput={(event) => setWanted(event.currentTarget.value)} placeholder="e.g. kitchen" autocomplete="off" />
        <button type="submit">Show</button>
        {category !== undefined && <a href="/">All products</a>}
      </form>
      {products.error !== undefined && <Problem error={products.error} />}
      {products.data === undefined && products.error === undefined && <Loading what="products" />}
      {products.data !== undefined && (
        <>
          {products.data.items.length === 0 ? (
            <p>{cursor === undefined ? 'No products here yet.' : 'No more products.'}</p>
          ) : (
            <ul class="grid" aria-label="Products">
              {products.data.items.map((product) => (
                <ProductCard key={product.id} product={product} />
              ))}
            </ul>
          )}
          <nav class="pager" aria-label="Pages">
            {cursor !== undefined && <a href={productsPath({ category })}>First page</a>}
            {products.data.nextCursor !== undefined && (
              <a href={productsPath({ category, cursor: products.data.nextCursor })} rel="next">
                Next page
              </a>
            )}
          </nav>
        </>
      )}
    </>
  );
}

function ProductCard({ product }: { product: Product }) {
  return (
    <li class="card">
      <h2>
        <a href={`/products/${product.id}`}>{product.name}</a>
      </h2>
      <p class="price">{money(product.priceCents, product.currency)}</p>
      <p class="meta">
        <a href={productsPath({ category: product.category })} aria-label={`More in ${product.category}`}>
          {product.category}
        </a>{' '}
        · <Stock stock={product.stock} />
      </p>
    </li>
  );
}

const Stock = ({ stock }: { stock: number }) => <span class={stock === 0 ? 'out' : undefined}>{stock === 0 ? 'Out of stock' : `${stock} in stock`}</span>;

export function ProductPage({ id }: { id: string }) {
  const { shop, cart } = useShop();
  const product = useLoad(() => shop.products.get(id), [shop, id]);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | undefined>(undefined);
  if (product.error !== undefined) {
    return (
      <>
        <PageTitle title="Product">Product</PageTitle>
        <Problem error={product.error} />
      </>
    );
  }
  if (product.data === undefined) return <Loading what="the product" />;
  const { name, description, priceCents, currency, category, stock } = product.data;
  return (
    <article class="product">
      <PageTitle title={name}>{name}</PageTitle>
      <p class="price">{money(priceCents, currency)}</p>
      <p class="meta">
        <a href={productsPath({ category })}>{category}</a> · <Stock stock={stock} />
      </p>
      {description !== '' && <p class="description">{description}</p>}
      <form
        class="buy"
        onSubmit={(event) => {
          event.preventDefault();
          cart.add(id, quantity);
          setAdded(quantity);
        }}
      >
        <label for="quantity">Quantity</label>
        <input
          id="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.max(1, Math.min(stock, MAX_QUANTITY))}
          value={quantity}
          onInput={(event) => setQuantity(Math.max(1, Number(event.currentTarget.value) || 1))}
          disabled={stock === 0}
        />
        <button type="submit" disabled={stock === 0}>
          Add to cart
        </button>
      </form>
      <p role="status" class="added">
        {added !== undefined && (
          <>
            Added {added} to your cart. <a href="/cart">Go to the cart</a>
          </>
        )}
      </p>
    </article>
  );
}
