import { httpHandler } from '../../../lib/http/http-handler.ts';
import { productRepository } from '../compose.ts';
import { listProducts } from '../use-cases/list-products.ts';
import { ListProductsRequest } from './list-products.schema.ts';

const deps = { products: productRepository };

export const handler = httpHandler(ListProductsRequest, async ({ query }) => ({
  status: 200,
  body: await listProducts(deps, query),
}));
