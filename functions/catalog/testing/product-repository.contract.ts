import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../../../lib/errors.ts';
import { newProduct, type Product } from '../domain/product.ts';
import type { ProductRepository } from '../ports.ts';

const now = new Date('2026-11-22T12:00:00.000Z');
const later = new Date('2026-11-22T13:00:00.000Z');
const freshCategory = () => `contract-${randomUUID().slice(0, 8)}`;

/** A forged cursor in the listing's format (base64url JSON of category, sort key and id). */
const forgedCursor = (cursor: Record<string, unknown>) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/**
 * What every ProductRepository promises (ports.ts), run against the in-memory fake and the DynamoDB
 * adapter alike, so the fake the use-case tests rely on cannot drift from the real thing. `subject`
 * may share its store with other tests: each test works in its own categories and ids.
 */
export function describeProductRepositoryContract(name: string, subject: () => ProductRepository): void {
  describe(`${name} keeps the ProductRepository contract`, () => {
    let products: ProductRepository;
    beforeAll(() => {
      products = subject();
    });

    async function aProduct(overrides: Partial<Product> = {}): Promise<Product> {
      const draft = { name: 'Mug', description: '', priceCents: 900, currency: 'EUR', category: freshCategory(), stock: 3 };
      const product = { ...newProduct({ ...draft, ...overrides }, randomUUID(), now), ...overrides };
      await products.add(product);
      return product;
    }

    /** Every page of a listing, each at most `limit` long, until one comes without a cursor. */
    async function everyPage(category: string | undefined, limit: number) {
      const pages: Array<{ items: Product[]; nextCursor?: string }> = [];
      let cursor: string | undefined;
      do {
        const page = await products.list({ ...(category === undefined ? {} : { category }), limit, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor !== undefined && pages.length < 1000);
      return pages;
    }

    it('finds what it stored, and nothing for an id it never stored', async () => {
      const product = await aProduct();

      expect(await products.find(product.id)).toEqual(product);
      expect(await products.find(randomUUID())).toBeUndefined();
    });

    it('refuses a second product with a taken id as a conflict, and keeps the first', async () => {
      const product = await aProduct();

      await expect(products.add({ ...product, name: 'Impostor' })).rejects.toThrow(ConflictError);
      expect(await products.find(product.id)).toEqual(product);
    });

    it('lists a category by lower-case name then id, in UTF-8 byte order, a page at a time with no repeats', async () => {
      const category = freshCategory();
      const names = ['f', 'é', 'E2', 'e', 'a', 'a b', 'Zebra'];
      for (const productName of names) await aProduct({ name: productName, category });
      await aProduct({ name: 'elsewhere' });

      const pages = await everyPage(category, 2);

      expect(pages.flatMap((page) => page.items.map((item) => item.name))).toEqual(['a b', 'a', 'e', 'E2', 'f', 'Zebra', 'é']);
      expect(pages.every((page) => page.items.length <= 2)).toBe(true);
    });

    it('gives a cursor with every full page and none with the last, which may be empty', async () => {
      const category = freshCategory();
      for (const productName of ['a', 'b']) await aProduct({ name: productName, category });

      const pages = await everyPage(category, 2);
      const short = await products.list({ category, limit: 3 });

      expect(pages.map((page) => [page.items.length, page.nextCursor !== undefined])).toEqual([
        [2, true],
        [0, false],
      ]);
      expect(short.nextCursor).toBeUndefined();
    });

    it('lists every category when none is given, in the same order', async () => {
      const category = freshCategory();
      const mine = [await aProduct({ name: 'zz-contract-b', category }), await aProduct({ name: 'zz-contract-a', category })];

      const listed = (await everyPage(undefined, 100)).flatMap((page) => page.items);

      const keys = listed.map((item) => Buffer.from(`${item.name.toLowerCase()}#${item.id}`));
      expect(keys.every((key, n) => n === 0 || Buffer.compare(keys[n - 1] ?? key, key) < 0)).toBe(true);
      expect(listed.filter((item) => item.category === category).map((item) => item.id)).toEqual([mine[1]?.id, mine[0]?.id]);
    });

    it.each([
      ['not a cursor at all', () => 'not-a-cursor'],
      ['not JSON', () => Buffer.from('{').toString('base64url')],
      ['an id that is not one', (category: string) => forgedCursor({ c: category, s: 'x#nope', i: 'nope' })],
      ['a sort key of another product', (category: string) => forgedCursor({ c: category, s: `x#${randomUUID()}`, i: randomUUID() })],
      [
        'a sort key longer than DynamoDB allows',
        (category: string) => {
          const id = randomUUID();
          return forgedCursor({ c: category, s: `${'é'.repeat(540)}#${id}`, i: id });
        },
      ],
      ['a category longer than any', () => forgedCursor({ c: 'c'.repeat(51), s: `x#${randomUUID()}`, i: randomUUID() })],
      ['a field of its own', (category: string) => {
        const id = randomUUID();
        return forgedCursor({ c: category, s: `x#${id}`, i: id, limit: 1000 });
      }],
    ])('refuses a cursor with %s as a ValidationError naming query.cursor', async (_what, cursorFor) => {
      const category = freshCategory();

      const listing = products.list({ category, limit: 5, cursor: cursorFor(category) });

      await expect(listing).rejects.toThrow(ValidationError);
      await expect(listing).rejects.toMatchObject({ fieldErrors: [{ field: 'query.cursor' }] });
    });

    it('refuses a cursor given out for another listing', async () => {
      const category = freshCategory();
      for (const productName of ['a', 'b']) await aProduct({ name: productName, category });
      const { nextCursor } = await products.list({ category, limit: 1 });

      await expect(products.list({ category: freshCategory(), limit: 1, ...(nextCursor === undefined ? {} : { cursor: nextCursor }) })).rejects.toMatchObject({
        fieldErrors: [{ field: 'query.cursor', reason: 'belongs to another listing (category)' }],
      });
      await expect(products.list({ limit: 1, cursor: String(nextCursor) })).rejects.toThrow(ValidationError);
    });

    it('revises in one write and answers the product as stored, one version on, listed under its new name and category', async () => {
      const product = await aProduct({ name: 'Mug', stock: 4 });
      const category = freshCategory();

      const revised = await products.revise(product.id, { name: 'Teapot', category, priceCents: 1500 }, [7, 1], later);

      const expected = { ...product, name: 'Teapot', category, priceCents: 1500, version: 2, updatedAt: later.toISOString() };
      expect(revised).toEqual(expected);
      expect(await products.find(product.id)).toEqual(expected);
      expect((await products.list({ category, limit: 5 })).items).toEqual([expected]);
      expect((await products.list({ category: product.category, limit: 5 })).items).toEqual([]);
    });

    it('refuses a write based on a version it no longer holds, naming the version it is at', async () => {
      const product = await aProduct();
      await products.revise(product.id, { stock: 9 }, [1], later);

      const stale = products.revise(product.id, { stock: 0 }, [1], later);

      await expect(stale).rejects.toThrow(PreconditionFailedError);
      await expect(stale).rejects.toThrow(`Product ${product.id} is at version 2; the request expected 1.`);
      await expect(products.remove(product.id, [1], later)).rejects.toThrow(PreconditionFailedError);
      expect(await products.find(product.id)).toMatchObject({ stock: 9, version: 2 });
    });

    it('admits any version with "any", and none when no version is named', async () => {
      const product = await aProduct();

      await expect(products.revise(product.id, { stock: 2 }, 'any', later)).resolves.toMatchObject({ stock: 2, version: 2 });
      await expect(products.revise(product.id, { stock: 3 }, [], later)).rejects.toThrow(PreconditionFailedError);
      await expect(products.remove(product.id, [], later)).rejects.toThrow(PreconditionFailedError);
      expect(await products.find(product.id)).toMatchObject({ stock: 2, version: 2 });
    });

    it('deletes so that the product is neither found nor listed, and says not found to any later write', async () => {
      const product = await aProduct();

      await products.remove(product.id, [1], later);

      expect(await products.find(product.id)).toBeUndefined();
      expect((await products.list({ category: product.category, limit: 5 })).items).toEqual([]);
      await expect(products.revise(product.id, { name: 'Back' }, [2], later)).rejects.toThrow(NotFoundError);
      await expect(products.revise(product.id, { name: 'Back' }, 'any', later)).rejects.toThrow(NotFoundError);
      await expect(products.remove(product.id, 'any', later)).rejects.toThrow(NotFoundError);
      await expect(products.revise(randomUUID(), { name: 'Nobody' }, 'any', later)).rejects.toThrow(NotFoundError);
    });

    it('lets one of two writers based on the same version win; the other is refused', async () => {
      const product = await aProduct();

      const results = await Promise.allSettled([
        products.revise(product.id, { name: 'A' }, [1], later),
        products.revise(product.id, { name: 'B' }, [1], later),
      ]);

      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((result) => result.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(PreconditionFailedError);
    });
  });
}
