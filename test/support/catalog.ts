import { randomUUID } from 'node:crypto';
import type { Product } from '../../functions/catalog/domain/product.ts';
import { api } from './api.ts';
import { asAdmin } from './auth.ts';

/** A product as the API shows it: the domain's representation. */
export type ProductBody = Product;

/** A category no other test uses, so listings are predictable. */
export const freshCategory = (): string => `test-${randomUUID().slice(0, 8)}`;

export async function createProduct(overrides: Record<string, unknown> = {}): Promise<ProductBody> {
  const response = await api<ProductBody>('POST', '/products', {
    body: { name: 'Teapot', priceCents: 2500, currency: 'EUR', category: freshCategory(), stock: 5, ...overrides },
    headers: await asAdmin(),
  });
  if (response.status !== 201) throw new Error(`creating a product failed: ${response.status} ${response.text}`);
  return response.body;
}

export async function stockOf(id: string): Promise<number | undefined> {
  const response = await api<ProductBody>('GET', `/products/${id}`);
  return response.status === 200 ? response.body.stock : undefined;
}
