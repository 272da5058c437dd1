import type { VersionPrecondition } from '../domain/product.ts';
import type { Clock, ProductRepository } from '../ports.ts';

export type DeleteProductDeps = { products: ProductRepository; clock: Clock };

/** Deletes the product if it is at a version the caller saw (If-Match), in one conditional write. */
export async function deleteProduct(
  { products, clock }: DeleteProductDeps,
  { id, expected }: { id: string; expected: VersionPrecondition },
): Promise<void> {
  await products.remove(id, expected, clock.now());
}
