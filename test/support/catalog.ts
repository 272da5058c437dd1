import { randomUUID } from 'node:crypto';
import { api } from './api.ts';
import { asAdmin } from './auth.ts';

export type ProductBody = {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: string;
  stock: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

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
