import { etagOf, requiredIfMatch } from '../../../lib/http/etag.ts';
import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, productRepository } from '../compose.ts';
import { updateProduct } from '../use-cases/update-product.ts';
import { UpdateProductRequest } from './update-product.schema.ts';

const deps = { products: productRepository, clock };

export const handler = httpHandler(UpdateProductRequest, async ({ params, body, headers }) => {
  const product = await updateProduct(deps, { id: params.id, changes: body, expected: requiredIfMatch(headers) });
  return { status: 200, headers: { etag: etagOf(product.version) }, body: product };
});
