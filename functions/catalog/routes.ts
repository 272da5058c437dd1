/** The catalog's HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import { deadLetterApiRoutes, etagHeader, locationHeader, pageOf, readinessResponses, type ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';
import { CreateProductRequest } from './handlers/create-product.schema.ts';
import { DeleteProductRequest } from './handlers/delete-product.schema.ts';
import { GetProductRequest } from './handlers/get-product.schema.ts';
import { ListProductsRequest } from './handlers/list-products.schema.ts';
import { IfMatchHeader } from './handlers/product-id.schema.ts';
import { Product } from './handlers/product.schema.ts';
import { UpdateProductRequest } from './handlers/update-product.schema.ts';

const withEtag = z.object({ ETag: etagHeader });

export const catalogRoutes: readonly ApiRoute[] = [
  {
    operationId: 'catalogHealth',
    method: 'GET',
    path: '/catalog/health',
    summary: "The catalog's readiness",
    description: "Whether the catalog's table and queues answer.",
    request: {},
    responses: readinessResponses,
  },
  {
    operationId: 'listProducts',
    method: 'GET',
    path: '/products',
    summary: 'List products by name, a page at a time',
    request: ListProductsRequest,
    responses: { 200: { description: 'A page of products, by name.', body: pageOf(Product) } },
  },
  {
    operationId: 'createProduct',
    method: 'POST',
    path: '/products',
    summary: 'Create a product',
    auth: 'admin',
    request: CreateProductRequest,
    responses: {
      201: { description: 'The product, at version 1.', headers: z.object({ Location: locationHeader, ETag: etagHeader }), body: Product },
    },
  },
  {
    operationId: 'getProduct',
    method: 'GET',
    path: '/products/{id}',
    summary: 'Get a product',
    request: GetProductRequest,
    responses: { 200: { description: 'The product; its ETag is its version.', headers: withEtag, body: Product } },
    problems: [404],
  },
  {
    operationId: 'updateProduct',
    method: 'PATCH',
    path: '/products/{id}',
    summary: 'Change some of a product’s fields',
    description: 'Needs If-Match: 428 without it, 412 when the product changed since that ETag.',
    auth: 'admin',
    request: { ...UpdateProductRequest, headers: IfMatchHeader, bodyTypes: ['application/json', 'application/merge-patch+json'] },
    responses: { 200: { description: 'The product as changed, one version on.', headers: withEtag, body: Product } },
    problems: [404, 412, 428],
  },
  {
    operationId: 'deleteProduct',
    method: 'DELETE',
    path: '/products/{id}',
    summary: 'Delete a product',
    description: 'Needs If-Match: 428 without it, 412 when the product changed since that ETag.',
    auth: 'admin',
    request: { ...DeleteProductRequest, headers: IfMatchHeader },
    responses: { 204: { description: 'Deleted.' } },
    problems: [404, 412, 428],
  },
  ...deadLetterApiRoutes('catalog', 'stock commands'),
];
