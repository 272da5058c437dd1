import type { ProductPage, ProductQuery, ProductRepository } from '../ports.ts';

export function listProducts({ products }: { products: ProductRepository }, query: ProductQuery): Promise<ProductPage> {
  return products.list(query);
}
