/**
 * The admin's pages (app.tsx shows them to admins alone): every product with its stock, a new product, and a product's edit form, which
 * sends the version it was read at (If-Match): when someone changed the product since, the API's 412
 * is shown as such, with a way to reload it.
 */
import { useState } from 'preact/hooks';
import { ProblemError, type Product, type ProductDraft } from '@shop/client';
import { useShop } from '../app';
import { money } from '../order-words';
import { Field, Loading, PageTitle, Problem, useLoad, useSubmit } from '../ui';
import { usePages } from './orders';

export function AdminProductsPage() {
  const { shop } = useShop();
  const { items, page, more } = usePages((cursor) => shop.products.list({ limit: 50, ...(cursor === undefined ? {} : { cursor }) }), [shop]);
  return (
    <>
      <PageTitle title="Admin: products">Products and stock</PageTitle>
      <p>
        <a class="button" href="/admin/products/new">
          Add a product
        </a>
      </p>
      {page.error !== undefined && <Problem error={page.error} />}
      {page.loading && items.length === 0 && <Loading what="the products" />}
      {items.length > 0 && (
        <table class="products">
          <caption class="visually-hidden">Every product, by name</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Category</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {items.map((product) => (
              <tr key={product.id}>
                <th scope="row">
                  <a href={`/admin/products/${product.id}`} aria-label={`Edit ${product.name}`}>
                    {product.name}
                  </a>
                </th>
                <td>{product.category}</td>
                <td>{money(product.priceCents, product.currency)}</td>
                <td>{product.stock}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more !== undefined && (
        <button type="button" onClick={more} disabled={page.loading}>
          More products
        </button>
      )}
    </>
  );
}

type Draft = { name: string; description: string; price: string; currency: string; category: string; stock: string };

const draftOf = (product?: Product): Draft => ({
  name: product?.name ?? '',
  description: product?.description ?? '',
  price: product === undefined ? '' : (product.priceCents / 100).toFixed(2),
  currency: product?.currency ?? 'EUR',
  category: product?.category ?? '',
  stock: String(product?.stock ?? 0),
});

/** The form's text as the API takes it; a price or stock that is no number is sent as it is, for the API to name. */
function productOf(draft: Draft): ProductDraft {
  const price = Number(draft.price.replace(',', '.'));
  const stock = Number(draft.stock);
  return {
    name: draft.name,
    description: draft.description,
    priceCents: draft.price.trim() !== '' && Number.isFinite(price) ? Math.round(price * 100) : (draft.price as unknown as number),
    currency: draft.currency.trim().toUpperCase(),
    category: draft.category.trim(),
    stock: draft.stock.trim() !== '' && Number.isFinite(stock) ? stock : (draft.stock as unknown as number),
  };
}

/** Only what differs from the product as read: a PATCH changes what it names. */
function changesOf(product: Product, draft: Draft): Partial<ProductDraft> {
  const next = productOf(draft);
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => product[key as keyof Product] !== value));
}

function ProductForm({ draft, setDraft, error, busy, submitLabel, onSubmit }: { draft: Draft; setDraft: (draft: Draft) => void; error: unknown; busy: boolean; submitLabel: string; onSubmit: (event: Event) => void }) {
  const errors = error instanceof ProblemError ? error.errors : [];
  const set = (key: keyof Draft) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setDraft({ ...draft, [key]: event.currentTarget.value });
  const descriptionError = errors.find((item) => item.field === 'description')?.reason;
  return (
    <form onSubmit={onSubmit} noValidate class="product-form">
      <Field label="Name" name="name" required value={draft.name} onInput={set('name')} errors={errors} />
      <div class="field">
        <label for="field-description">Description</label>
        <textarea id="field-description" name="description" rows={3} value={draft.description} onInput={set('description')} aria-invalid={descriptionError === undefined ? undefined : true} />
        {descriptionError !== undefined && <small class="field-error">{descriptionError}</small>}
      </div>
      <Field label="Price" name="priceCents" inputMode="decimal" required hint="In the currency's units, e.g. 12.50" value={draft.price} onInput={set('price')} errors={errors} />
      <Field label="Currency" name="currency" required maxLength={3} hint="Three letters, e.g. EUR" value={draft.currency} onInput={set('currency')} errors={errors} />
      <Field label="Category" name="category" required value={draft.category} onInput={set('category')} errors={errors} />
      <Field label="Stock" name="stock" type="number" inputMode="numeric" min={0} required value={draft.stock} onInput={set('stock')} errors={errors} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}

export function NewProductPage() {
  const { shop, navigate } = useShop();
  const [draft, setDraft] = useState(draftOf());
  const [state, submit] = useSubmit(async () => {
    const product = await shop.products.create(productOf(draft));
    navigate(`/admin/products/${product.id}?created`);
  });
  return (
    <section class="narrow">
      <PageTitle title="Admin: new product">Add a product</PageTitle>
      {state.error !== undefined && <Problem error={state.error} />}
      <ProductForm draft={draft} setDraft={setDraft} error={state.error} busy={state.busy} submitLabel="Add the product" onSubmit={submit} />
    </section>
  );
}

export function AdminProductPage({ id }: { id: string }) {
  const { shop } = useShop();
  const loaded = useLoad(() => shop.products.get(id), [shop, id]);
  if (loaded.error !== undefined) {
    return (
      <>
        <PageTitle title="Admin: product">Edit a product</PageTitle>
        <Problem error={loaded.error} />
      </>
    );
  }
  if (loaded.data === undefined) return <Loading what="the product" />;
  // A new form for each version read: a reload after a 412 starts from what is there now.
  return <EditForm key={loaded.data.version} product={loaded.data} reload={loaded.reload} />;
}

function EditForm({ product: read, reload }: { product: Product; reload: () => void }) {
  const { shop } = useShop();
  const [product, setProduct] = useState(read);
  const [draft, setDraft] = useState(draftOf(read));
  const [saved, setSaved] = useState<string | undefined>(new URLSearchParams(location.search).has('created') ? 'Added.' : undefined);
  const [state, submit] = useSubmit(async () => {
    setSaved(undefined);
    const changes = changesOf(product, draft);
    if (Object.keys(changes).length === 0) return setSaved('Nothing to save: no field was changed.');
    const updated = await shop.products.update(product.id, changes, product);
    setProduct(updated);
    setDraft(draftOf(updated));
    setSaved(`Saved: ${updated.name}, ${updated.stock} in stock.`);
  });
  const stale = state.error instanceof ProblemError && state.error.status === 412;
  return (
    <section class="narrow">
      <PageTitle title={`Admin: ${product.name}`}>Edit {product.name}</PageTitle>
      <p class="meta">
        Version {product.version} · <a href={`/products/${product.id}`}>See it in the shop</a>
      </p>
      {state.error !== undefined && (
        <Problem error={state.error}>
          {stale && (
            <button type="button" onClick={reload}>
              Reload the product
            </button>
          )}
        </Problem>
      )}
      <p role="status" class="saved">
        {saved}
      </p>
      <ProductForm draft={draft} setDraft={setDraft} error={state.error} busy={state.busy} submitLabel="Save changes" onSubmit={submit} />
    </section>
  );
}
