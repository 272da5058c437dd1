import { checkChanges, type Product, type ProductChanges, type VersionPrecondition } from '../domain/product.ts';
import type { Clock, ProductRepository } from '../ports.ts';

export type UpdateProductDeps = { products: ProductRepository; clock: Clock };
export type UpdateProductInput = { id: string; changes: ProductChanges; expected: VersionPrecondition };

/**
 * Applies the changes if the product is at a version the caller saw (If-Match); the check and the
 * write are one conditional write, so a concurrent change is refused with 412 too.
 */
export async function updateProduct(
  { products, clock }: UpdateProductDeps,
  { id, changes, expected }: UpdateProductInput,
): Promise<Product> {
  return products.revise(id, checkChanges(changes), expected, clock.now());
}
