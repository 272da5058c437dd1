import { newProduct, type Product, type ProductDraft } from '../domain/product.ts';
import type { Clock, IdGenerator, ProductRepository } from '../ports.ts';

export type CreateProductDeps = { products: ProductRepository; clock: Clock; ids: IdGenerator };

export async function createProduct({ products, clock, ids }: CreateProductDeps, draft: ProductDraft): Promise<Product> {
  const product = newProduct(draft, ids.next(), clock.now());
  await products.add(product);
  return product;
}
