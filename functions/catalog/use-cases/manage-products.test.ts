import { NotFoundError, PreconditionFailedError, ValidationError } from '../../../lib/errors.ts';
import { aDraft, InMemoryProducts, sequentialIds } from '../testing/in-memory.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { createProduct } from './create-product.ts';
import { deleteProduct } from './delete-product.ts';
import { getProduct } from './get-product.ts';
import { listProducts } from './list-products.ts';
import { updateProduct } from './update-product.ts';

function setUp() {
  const products = new InMemoryProducts();
  const clock = new ManualClock('2026-11-22T10:00:00.000Z');
  return { products, clock, deps: { products, clock, ids: sequentialIds() } };
}

describe('managing products', () => {
  it('creates a product at version 1 with its id and timestamps', async () => {
    const { deps, products } = setUp();

    const product = await createProduct(deps, aDraft());

    expect(product).toMatchObject({ ...aDraft(), id: '00000000-0000-4000-8000-000000000001', version: 1 });
    expect(product.createdAt).toBe('2026-11-22T10:00:00.000Z');
    expect(product.updatedAt).toBe(product.createdAt);
    expect(await products.find(product.id)).toEqual(product);
  });

  it('refuses a negative stock or price even past the edge', async () => {
    const { deps, products } = setUp();

    await expect(createProduct(deps, aDraft({ stock: -1 }))).rejects.toThrow(ValidationError);
    await expect(createProduct(deps, aDraft({ priceCents: 1.5 }))).rejects.toThrow(ValidationError);
    expect(products.stored.size).toBe(0);
  });

  it('says not found for a product that does not exist', async () => {
    const { products } = setUp();

    await expect(getProduct({ products }, 'missing')).rejects.toThrow(NotFoundError);
  });

  it('applies changes when the caller saw the current version, and moves the version on', async () => {
    const { deps, clock } = setUp();
    const created = await createProduct(deps, aDraft());
    clock.advanceSeconds(60);

    const updated = await updateProduct(deps, { id: created.id, changes: { priceCents: 1999 }, expected: [1] });

    expect(updated).toMatchObject({ priceCents: 1999, name: 'Teapot', version: 2, createdAt: created.createdAt });
    expect(updated.updatedAt).toBe('2026-11-22T10:01:00.000Z');
  });

  it('refuses a change based on a version the caller no longer holds, and keeps the product as it was', async () => {
    const { deps, products } = setUp();
    const created = await createProduct(deps, aDraft());
    await updateProduct(deps, { id: created.id, changes: { stock: 9 }, expected: [1] });

    await expect(updateProduct(deps, { id: created.id, changes: { stock: 0 }, expected: [1] })).rejects.toThrow(
      PreconditionFailedError,
    );
    expect((await products.find(created.id))?.stock).toBe(9);
  });

  it('accepts any version when the caller says so (If-Match: *)', async () => {
    const { deps } = setUp();
    const created = await createProduct(deps, aDraft());

    const updated = await updateProduct(deps, { id: created.id, changes: { name: 'Kettle' }, expected: 'any' });

    expect(updated.name).toBe('Kettle');
  });

  it('deletes a product so that it is neither found nor listed, and refuses a stale delete', async () => {
    const { deps, products } = setUp();
    const kept = await createProduct(deps, aDraft({ name: 'Kettle' }));
    const doomed = await createProduct(deps, aDraft());

    await expect(deleteProduct(deps, { id: doomed.id, expected: [7] })).rejects.toThrow(PreconditionFailedError);
    await deleteProduct(deps, { id: doomed.id, expected: [1] });

    await expect(getProduct({ products }, doomed.id)).rejects.toThrow(NotFoundError);
    expect((await listProducts({ products }, { limit: 10 })).items.map((product) => product.id)).toEqual([kept.id]);
    await expect(deleteProduct(deps, { id: doomed.id, expected: 'any' })).rejects.toThrow(NotFoundError);
  });
});
