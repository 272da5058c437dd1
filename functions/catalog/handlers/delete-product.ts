import { requiredIfMatch } from '../../../lib/http/etag.ts';
import { httpHandler } from '../../../lib/http/http-handler.ts';
import { clock, productRepository } from '../compose.ts';
import { deleteProduct } from '../use-cases/delete-product.ts';
import { DeleteProductRequest } from './delete-product.schema.ts';

const deps = { products: productRepository, clock };

export const handler = httpHandler(DeleteProductRequest, async ({ params, headers }) => {
  await deleteProduct(deps, { id: params.id, expected: requiredIfMatch(headers) });
  return { status: 204 };
});
