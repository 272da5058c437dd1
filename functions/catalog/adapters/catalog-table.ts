import type { Product } from '../domain/product.ts';

/**
 * The catalog table's layout (single table, owned by the catalog alone):
 *   product      pk PRODUCT#<id>      sk PRODUCT      gsi1 (byCategory): CATEGORY#<category> / <name>#<id>
 *                                                     gsi2 (byName):     PRODUCT / <name>#<id>
 *   reservation  pk RESERVATION#<orderId>  sk RESERVATION
 * A deleted product keeps its item (orders may still give stock back to it) but loses its index keys,
 * so the sparse indexes list live products only.
 */
export const productKey = (id: string) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' });
export const reservationKey = (orderId: string) => ({ pk: `RESERVATION#${orderId}`, sk: 'RESERVATION' });

export const BY_CATEGORY = { index: 'byCategory', pk: 'gsi1pk', sk: 'gsi1sk' } as const;
export const BY_NAME = { index: 'byName', pk: 'gsi2pk', sk: 'gsi2sk' } as const;
export const categoryPartition = (category: string) => `CATEGORY#${category}`;
export const ALL_PRODUCTS_PARTITION = 'PRODUCT';
export const nameSortKey = (product: Pick<Product, 'name' | 'id'>) => `${product.name.toLowerCase()}#${product.id}`;

export function productItem(product: Product): Record<string, unknown> {
  const sortKey = nameSortKey(product);
  return {
    ...productKey(product.id),
    [BY_CATEGORY.pk]: categoryPartition(product.category),
    [BY_CATEGORY.sk]: sortKey,
    [BY_NAME.pk]: ALL_PRODUCTS_PARTITION,
    [BY_NAME.sk]: sortKey,
    type: 'Product',
    ...product,
  };
}

export function productFromItem(item: Record<string, unknown>): Product {
  const { id, name, description, priceCents, currency, category, stock, version, createdAt, updatedAt } = item;
  return { id, name, description, priceCents, currency, category, stock, version, createdAt, updatedAt } as Product;
}
