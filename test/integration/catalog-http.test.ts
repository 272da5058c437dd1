import { randomUUID } from 'node:crypto';
import type { Product, ShopClient } from '@shop/client';
import { api } from '../support/api.ts';
import { asAdmin } from '../support/auth.ts';
import { freshCategory } from '../support/catalog.ts';
import { anAdmin, refusal, shopClient } from '../support/client.ts';

let admin: ShopClient;
beforeAll(async () => {
  admin = await anAdmin();
});

/** Anyone: the catalog's reads are public. */
const visitor = () => shopClient();

const aProduct = (overrides: Partial<Parameters<ShopClient['products']['create']>[0]> = {}): Promise<Product> =>
  admin.products.create({ name: 'Teapot', priceCents: 2500, currency: 'EUR', category: freshCategory(), stock: 5, ...overrides });


describe('the catalog over HTTP', () => {
  it('creates a product at version 1, which anyone then reads as it was stored', async () => {
    const category = freshCategory();

    const created = await admin.products.create({ name: 'Teapot', description: 'Cast iron', priceCents: 2500, currency: 'EUR', category, stock: 3 });
    const fetched = await visitor().products.get(created.id);

    expect(created).toMatchObject({ name: 'Teapot', description: 'Cast iron', priceCents: 2500, category, stock: 3, version: 1 });
    expect(fetched).toEqual(created);
  });

  it('says where a new product is and its version (Location, ETag), and gives the same ETag on reading it', async () => {
    const created = await api<Product>('POST', '/products', {
      body: { name: 'Teapot', priceCents: 2500, currency: 'EUR', category: freshCategory() },
      headers: await asAdmin(),
    });
    const fetched = await api<Product>('GET', String(created.headers.get('location')));

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/products/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(fetched.headers.get('etag')).toBe('"1"');
  });

  it('updates with If-Match: the product moves one version on, and a stale precondition is refused with 412', async () => {
    const product = await aProduct({ stock: 1 });

    const updated = await admin.products.update(product.id, { priceCents: 1999, stock: 4 }, product);
    const stale = await refusal(admin.products.update(product.id, { stock: 0 }, product));
    const current = await visitor().products.get(product.id);

    expect(updated).toMatchObject({ priceCents: 1999, stock: 4, version: 2 });
    expect(stale).toMatchObject({ status: 412, type: 'urn:shop:problem:precondition-failed' });
    expect(current.stock).toBe(4);
  });

  it.each([['"stale"'], ['W/"1"'], ['"01"']])(
    'answers If-Match: %s, a well-formed tag that no version of ours matches, with 412 on PATCH and DELETE, and changes nothing',
    async (ifMatch) => {
      const product = await aProduct();

      const patch = await refusal(admin.products.update(product.id, { stock: 7 }, ifMatch));
      const remove = await refusal(admin.products.remove(product.id, ifMatch));
      const gone = await refusal(admin.products.update(randomUUID(), { stock: 7 }, ifMatch));
      const after = await visitor().products.get(product.id);

      expect([patch.status, remove.status]).toEqual([412, 412]);
      expect(patch.type).toBe('urn:shop:problem:precondition-failed');
      expect(gone.status).toBe(404);
      expect(after).toEqual(product);
    },
  );

  it('requires If-Match on writes (428) and accepts merge-patch JSON', async () => {
    const product = await aProduct();

    const withoutPrecondition = await api('PATCH', `/products/${product.id}`, { body: { stock: 9 }, headers: await asAdmin() });
    const mergePatch = await api<Product>('PATCH', `/products/${product.id}`, {
      rawBody: '{"name":"Kettle"}',
      headers: { ...(await asAdmin()), 'content-type': 'application/merge-patch+json', 'if-match': '*' },
    });

    expect(withoutPrecondition.status).toBe(428);
    expect(mergePatch.status).toBe(200);
    expect(mergePatch.body.name).toBe('Kettle');
  });

  it('deletes with If-Match: then 404, not listed, and a second delete is 404', async () => {
    const category = freshCategory();
    const product = await aProduct({ category });

    const stale = await refusal(admin.products.remove(product.id, '"5"'));
    await admin.products.remove(product.id, product);
    const fetched = await refusal(visitor().products.get(product.id));
    const listed = await visitor().products.list({ category });
    const again = await refusal(admin.products.remove(product.id, '*'));

    expect(stale.status).toBe(412);
    expect(fetched).toMatchObject({ status: 404, type: 'urn:shop:problem:not-found' });
    expect(listed.items).toEqual([]);
    expect(again.status).toBe(404);
  });

  it('takes a product id in any case as the same product, and answers with its canonical id', async () => {
    const product = await aProduct({ stock: 2 });

    const fetched = await visitor().products.get(product.id.toUpperCase());
    const updated = await admin.products.update(product.id.toUpperCase(), { stock: 3 }, product);

    expect(fetched).toEqual(product);
    expect(updated).toMatchObject({ id: product.id, stock: 3, version: 2 });
  });

  it('lists a category by name, a page at a time, with an opaque cursor and no repeats', async () => {
    const category = freshCategory();
    for (const name of ['delta', 'Alpha', 'echo', 'charlie', 'bravo']) await aProduct({ name, category });
    await aProduct({ name: 'elsewhere', category: freshCategory() });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await visitor().products.list({ category, limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);

    expect(seen).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it('lists every category when none is given', async () => {
    const first = await aProduct({ name: 'aaaa-first-by-name' });

    const page = await visitor().products.list({ limit: 100 });

    expect(page.items.map((item) => item.id)).toContain(first.id);
  });

  it('refuses a cursor from another listing, naming it', async () => {
    const category = freshCategory();
    for (const name of ['a', 'b']) await aProduct({ name, category });
    const page = await visitor().products.list({ category, limit: 1 });

    const elsewhere = await refusal(visitor().products.list({ category: freshCategory(), cursor: String(page.nextCursor) }));

    expect(elsewhere.status).toBe(400);
    expect(elsewhere.errors.map(({ field }) => field)).toEqual(['query.cursor']);
  });
});
