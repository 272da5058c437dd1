import { etagOf } from '../../../lib/http/etag.ts';
import { httpHandler } from '../../../lib/http/http-handler.ts';
import { productRepository } from '../compose.ts';
import { getProduct } from '../use-cases/get-product.ts';
import { GetProductRequest } from './get-product.schema.ts';

const deps = { products: productRepository };

export const handler = httpHandler(GetProductRequest, async ({ params }) => {
  const product = await getProduct(deps, params.id);
  return { status: 200, headers: { etag: etagOf(product.version) }, body: product };
});
