import { PreconditionFailedError, ValidationError } from '../../../lib/errors.ts';

export type Product = Readonly<{
  id: string;
  name: string;
  description: string;
  /** Integer, in the currency's minor unit. */
  priceCents: number;
  /** ISO 4217 code. */
  currency: string;
  category: string;
  /** Units on hand that no order holds; never below zero. */
  stock: number;
  /** Grows by one with every change, stock reservations included; the ETag is made from it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}>;

export type ProductDraft = Pick<Product, 'name' | 'description' | 'priceCents' | 'currency' | 'category' | 'stock'>;
export type ProductChanges = Partial<ProductDraft>;

/** Which versions a write may apply to: any, or one of those the caller last saw (If-Match). */
export type VersionPrecondition = 'any' | readonly number[];

export function newProduct(draft: ProductDraft, id: string, now: Date): Product {
  const at = now.toISOString();
  return guarded({ ...draft, id, version: 1, createdAt: at, updatedAt: at });
}

/** The product with `changes` applied, one version on (what a revision stores). */
export function reviseProduct(product: Product, changes: ProductChanges, now: Date): Product {
  return guarded({ ...product, ...changes, version: product.version + 1, updatedAt: now.toISOString() });
}

/** Refuses changes no product may take (the fields they leave alone were checked when they were set). */
export function checkChanges(changes: ProductChanges): ProductChanges {
  return guarded(changes);
}

/** Why a write based on a version the caller no longer holds is refused. */
export function staleVersion(id: string, version: number, expected: readonly number[]): PreconditionFailedError {
  const wanted = expected.length === 0 ? 'none of its versions (an ETag that is not one of ours)' : expected.join(' or ');
  return new PreconditionFailedError(`Product ${id} is at version ${version}; the request expected ${wanted}.`);
}

function guarded<T extends ProductChanges>(product: T): T {
  const broken = [
    product.stock !== undefined && (!Number.isSafeInteger(product.stock) || product.stock < 0)
      ? { field: 'stock', reason: 'must be a whole number, 0 or more' }
      : undefined,
    product.priceCents !== undefined && (!Number.isSafeInteger(product.priceCents) || product.priceCents < 0)
      ? { field: 'priceCents', reason: 'must be a whole number, 0 or more' }
      : undefined,
  ].filter((error) => error !== undefined);
  if (broken.length > 0) throw new ValidationError(broken);
  return product;
}
