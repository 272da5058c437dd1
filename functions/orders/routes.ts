/** The orders service's HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import { breakersApiRoute, deadLetterApiRoutes, locationHeader, pageOf, readinessResponses, type ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';
import { listLatestOrdersQuery } from './handlers/list-latest-orders.schema.ts';
import { listOrdersQuery } from './handlers/list-orders.schema.ts';
import { orderIdParams } from './handlers/order-id.schema.ts';
import { Order } from './handlers/order.schema.ts';
import { idempotencyKeyHeader, placeOrderBody } from './handlers/place-order.schema.ts';

export const ordersRoutes: readonly ApiRoute[] = [
  {
    operationId: 'ordersHealth',
    method: 'GET',
    path: '/orders/health',
    summary: "The orders service's readiness",
    request: {},
    responses: readinessResponses,
  },
  {
    operationId: 'placeOrder',
    method: 'POST',
    path: '/orders',
    summary: 'Place an order',
    description:
      'The order is PENDING and its saga under way. The same Idempotency-Key and items give the same 202 however often they come; ' +
      'the same key with other items is a 422. 429 when the caller placed too many lately, 503 when the shop is too far behind ' +
      'or the catalog cannot price the items now (both with Retry-After): nothing is placed.',
    auth: 'signedIn',
    request: { body: placeOrderBody, headers: idempotencyKeyHeader },
    responses: { 202: { description: 'The order, PENDING; Location is where to watch it.', headers: z.object({ Location: locationHeader }), body: Order } },
    problems: [422, 429, 503],
  },
  {
    operationId: 'listOrders',
    method: 'GET',
    path: '/orders',
    summary: "The caller's orders, newest first",
    auth: 'signedIn',
    request: { query: listOrdersQuery },
    responses: { 200: { description: 'A page of orders.', body: pageOf(Order) } },
  },
  {
    operationId: 'getOrder',
    method: 'GET',
    path: '/orders/{id}',
    summary: 'An order, its lines, state and history',
    description: "The owner's and admins' to see; 404 for anyone else.",
    auth: 'signedIn',
    request: { params: orderIdParams },
    responses: { 200: { description: 'The order.', body: Order } },
    problems: [404],
  },
  {
    operationId: 'cancelOrder',
    method: 'POST',
    path: '/orders/{id}/cancel',
    summary: 'Cancel an order',
    description: 'Taken before a final state and in CONFIRMED (409 otherwise); runs the compensations the state needs.',
    auth: 'signedIn',
    request: { params: orderIdParams },
    responses: { 202: { description: 'The cancel is under way; the order shows when it is CANCELLED.', body: Order } },
    problems: [404, 409],
  },
  {
    operationId: 'listLatestOrders',
    method: 'GET',
    path: '/admin/orders',
    summary: "Every customer's orders, newest first",
    description:
      'For the operator: the latest orders of all customers, each with its history (every step, the service that took it, when); ' +
      '`state` keeps those in that state now. An order that moves on while the page is read may leave it shorter than `limit`.',
    auth: 'admin',
    request: { query: listLatestOrdersQuery },
    responses: { 200: { description: 'A page of orders.', body: pageOf(Order) } },
  },
  breakersApiRoute('orders', 'the catalog (placing an order asks it the prices)'),
  ...deadLetterApiRoutes('orders', 'replies'),
];
