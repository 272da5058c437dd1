import { etagOf } from '../../../lib/http/etag.ts';
import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, ids, productRepository } from '../compose.ts';
import { createProduct } from '../use-cases/create-product.ts';
import { CreateProductRequest } from './create-product.schema.ts';

const deps = { products: productRepository, clock, ids };

export const handler = httpHandler(CreateProductRequest, async ({ body }) => {
  const product = await createProduct(deps, body);
  return {
    status: 201,
    headers: { location: `/products/${product.id}`, etag: etagOf(product.version) },
    body: product,
  };
});
