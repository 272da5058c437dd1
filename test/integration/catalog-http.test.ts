import { randomUUID } from 'node:crypto';
import { api } from '../support/api.ts';
import { asAdmin } from '../support/auth.ts';
import { createProduct, freshCategory, type ProductBody } from '../support/catalog.ts';

type Page = { items: ProductBody[]; nextCursor?: string };

describe('the catalog over HTTP', () => {
  it('creates a product: 201, Location, ETag and the stored representation', async () => {
    const category = freshCategory();

    const created = await api<ProductBody>('POST', '/products', {
      body: { name: 'Teapot', description: 'Cast iron', priceCents: 2500, currency: 'EUR', category, stock: 3 },
      headers: await asAdmin(),
    });
    const fetched = await api<ProductBody>('GET', String(created.headers.get('location')));

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/products/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ name: 'Teapot', priceCents: 2500, category, stock: 3, version: 1 });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('etag')).toBe('"1"');
    expect(fetched.body).toEqual(created.body);
  });

  it('updates with If-Match: the new ETag comes back and a stale one is refused with 412', async () => {
    const product = await createProduct({ stock: 1 });

    const updated = await api<ProductBody>('PATCH', `/products/${product.id}`, {
      body: { priceCents: 1999, stock: 4 },
      headers: { ...(await asAdmin()), 'if-match': '"1"' },
    });
    const stale = await api('PATCH', `/products/${product.id}`, { body: { stock: 0 }, headers: { ...(await asAdmin()), 'if-match': '"1"' } });
    const current = await api<ProductBody>('GET', `/products/${product.id}`);

    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body).toMatchObject({ priceCents: 1999, stock: 4, version: 2 });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(current.body.stock).toBe(4);
  });

  it.each([['"stale"'], ['W/"1"'], ['"01"']])(
    'answers If-Match: %s, a well-formed tag that no version of ours matches, with 412 on PATCH and DELETE, and changes nothing',
    async (ifMatch) => {
      const product = await createProduct();

      const patch = await api('PATCH', `/products/${product.id}`, { body: { stock: 7 }, headers: { ...(await asAdmin()), 'if-match': ifMatch } });
      const remove = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': ifMatch } });
      const gone = await api('PATCH', `/products/${randomUUID()}`, { body: { stock: 7 }, headers: { ...(await asAdmin()), 'if-match': ifMatch } });
      const after = await api<ProductBody>('GET', `/products/${product.id}`);

      expect([patch.status, remove.status]).toEqual([412, 412]);
      expect(patch.headers.get('content-type')).toContain('application/problem+json');
      expect(patch.body).toMatchObject({ type: 'urn:shop:problem:precondition-failed', status: 412 });
      expect(gone.status).toBe(404);
      expect(after.body).toEqual(product);
    },
  );

  it('requires If-Match on writes (428) and accepts merge-patch JSON', async () => {
    const product = await createProduct();

    const withoutPrecondition = await api('PATCH', `/products/${product.id}`, { body: { stock: 9 }, headers: await asAdmin() });
    const mergePatch = await api<ProductBody>('PATCH', `/products/${product.id}`, {
      rawBody: '{"name":"Kettle"}',
      headers: { ...(await asAdmin()), 'content-type': 'application/merge-patch+json', 'if-match': '*' },
    });

    expect(withoutPrecondition.status).toBe(428);
    expect(mergePatch.status).toBe(200);
    expect(mergePatch.body.name).toBe('Kettle');
  });

  it('deletes with If-Match: then 404, not listed, and a second delete is 404', async () => {
    const category = freshCategory();
    const product = await createProduct({ category });

    const stale = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': '"5"' } });
    const deleted = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': '"1"' } });
    const fetched = await api('GET', `/products/${product.id}`);
    const listed = await api<Page>('GET', `/products?category=${category}`);
    const again = await api('DELETE', `/products/${product.id}`, { headers: { ...(await asAdmin()), 'if-match': '*' } });

    expect(stale.status).toBe(412);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(fetched.status).toBe(404);
    expect(listed.body.items).toEqual([]);
    expect(again.status).toBe(404);
  });

  it('takes a product id in any case as the same product, and answers with its canonical id', async () => {
    const product = await createProduct({ stock: 2 });

    const fetched = await api<ProductBody>('GET', `/products/${product.id.toUpperCase()}`);
    const updated = await api<ProductBody>('PATCH', `/products/${product.id.toUpperCase()}`, {
      body: { stock: 3 },
      headers: { ...(await asAdmin()), 'if-match': '"1"' },
    });

    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(product);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: product.id, stock: 3, version: 2 });
  });

  it('lists a category by name, a page at a time, with an opaque cursor and no repeats', async () => {
    const category = freshCategory();
    const names = ['delta', 'Alpha', 'echo', 'charlie', 'bravo'];
    for (const name of names) await createProduct({ name, category });
    await createProduct({ name: 'elsewhere', category: freshCategory() });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = `category=${category}&limit=2${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await api<Page>('GET', `/products?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);

    expect(seen).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it('lists every category when none is given', async () => {
    const first = await createProduct({ name: 'aaaa-first-by-name' });

    const page = await api<Page>('GET', '/products?limit=100');

    expect(page.status).toBe(200);
    expect(page.body.items.map((item) => item.id)).toContain(first.id);
  });

  it('refuses a cursor from another listing', async () => {
    const category = freshCategory();
    for (const name of ['a', 'b']) await createProduct({ name, category });
    const page = await api<Page>('GET', `/products?category=${category}&limit=1`);

    const elsewhere = await api('GET', `/products?category=${freshCategory()}&cursor=${String(page.body.nextCursor)}`);

    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatchObject({ errors: [{ field: 'query.cursor' }] });
  });
});
