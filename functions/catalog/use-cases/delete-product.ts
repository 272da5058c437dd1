import { assertVersionMatches, type VersionPrecondition } from '../domain/product.ts';
import type { Clock, ProductRepository } from '../ports.ts';
import { getProduct } from './get-product.ts';

export type DeleteProductDeps = { products: ProductRepository; clock: Clock };

export async function deleteProduct(
  { products, clock }: DeleteProductDeps,
  { id, expected }: { id: string; expected: VersionPrecondition },
): Promise<void> {
  const current = await getProduct({ products }, id);
  assertVersionMatches(current, expected);
  await products.remove(id, current.version, clock.now());
}
