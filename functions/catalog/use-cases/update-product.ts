import {
  assertVersionMatches,
  reviseProduct,
  type Product,
  type ProductChanges,
  type VersionPrecondition,
} from '../domain/product.ts';
import type { Clock, ProductRepository } from '../ports.ts';
import { getProduct } from './get-product.ts';

export type UpdateProductDeps = { products: ProductRepository; clock: Clock };
export type UpdateProductInput = { id: string; changes: ProductChanges; expected: VersionPrecondition };

/** Applies the changes if the caller saw the current version; a concurrent change in between gives 412 too. */
export async function updateProduct(
  { products, clock }: UpdateProductDeps,
  { id, changes, expected }: UpdateProductInput,
): Promise<Product> {
  const current = await getProduct({ products }, id);
  assertVersionMatches(current, expected);
  const next = reviseProduct(current, changes, clock.now());
  await products.replace(next, current.version);
  return next;
}
