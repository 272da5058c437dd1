import { NotFoundError } from '../../../lib/errors.ts';
import type { Product } from '../domain/product.ts';
import type { ProductRepository } from '../ports.ts';

export async function getProduct({ products }: { products: ProductRepository }, id: string): Promise<Product> {
  const product = await products.find(id);
  if (product === undefined) throw new NotFoundError(`There is no product ${id}.`);
  return product;
}
