/**
 * The OpenAPI 3.1 document of the shop's HTTP API, made from the routes each service lists
 * (functions/<service>/routes.ts) with zod-openapi: the same zod schemas the handlers validate with,
 * and the response schemas beside them. `npm run openapi` writes it; the gateway serves the written copy.
 */
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { Product } from '../../functions/catalog/handlers/product.schema.ts';
import { catalogRoutes } from '../../functions/catalog/routes.ts';
import { ServiceStatus } from '../../functions/gateway/handlers/list-services.schema.ts';
import { gatewayRoutes } from '../../functions/gateway/routes.ts';
import { NotificationView } from '../../functions/notifications/handlers/list-notifications.schema.ts';
import { notificationsRoutes } from '../../functions/notifications/routes.ts';
import { Order } from '../../functions/orders/handlers/order.schema.ts';
import { ordersRoutes } from '../../functions/orders/routes.ts';
import { paymentsRoutes } from '../../functions/payments/routes.ts';
import { Jwks } from '../../functions/users/handlers/jwks.schema.ts';
import { TokenPair } from '../../functions/users/handlers/log-in.schema.ts';
import { User } from '../../functions/users/handlers/register.schema.ts';
import { usersRoutes } from '../../functions/users/routes.ts';
import { Problem, Readiness, retryAfterHeader, type ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';

const SERVICES: Record<string, string> = {
  gateway: 'The HTTP API itself: liveness, the registry of services, this document.',
  users: 'Accounts, sign-in and tokens.',
  catalog: 'Products and their stock.',
  orders: 'Orders and their saga: stock, then payment, then confirmation.',
  notifications: 'What the shop told each customer about their orders.',
  payments: 'Charges and refunds through a payment provider (no routes of its own but readiness).',
};

/** Every route, by service, in the order the document lists them. */
export const ROUTES: ReadonlyArray<readonly [service: string, routes: readonly ApiRoute[]]> = [
  ['gateway', gatewayRoutes],
  ['users', usersRoutes],
  ['catalog', catalogRoutes],
  ['orders', ordersRoutes],
  ['notifications', notificationsRoutes],
  ['payments', paymentsRoutes],
];

const correlationId = z.string().check(
  z.meta({ description: 'The id every log line of this request carries: the one you sent in X-Correlation-Id, or a new one.', header: { id: 'X-Correlation-Id' } }),
);
const retryAfter = retryAfterHeader.check(z.meta({ header: { id: 'Retry-After' } }));

/** What the gateway itself answers when its authorizer refuses a request (no handler ran). */
const GatewayError = z.looseObject({ message: z.string() });

const problem = (id: string, description: string, headers?: z.ZodMiniObject): ZodOpenApiResponseObject => ({
  id,
  description,
  headers: z.object({ 'X-Correlation-Id': correlationId, ...headers?.shape }),
  content: { 'application/problem+json': { schema: Problem } },
});

/** The problems a route can answer, by status: those of its own logic, and those its input and auth imply. */
const PROBLEMS: Record<number, ZodOpenApiResponseObject> = {
  400: problem('BadRequest', 'The request is not valid: `errors` names each field and why (or the body is not JSON).'),
  401: {
    id: 'Unauthorized',
    description: 'Not signed in: no token, or a token that is forged, altered or expired (or, where a route says so, wrong credentials).',
    content: {
      'application/problem+json': { schema: Problem },
      'application/json': { schema: GatewayError },
    },
  },
  403: { id: 'Forbidden', description: 'The token is good but its role may not use this route.', content: { 'application/json': { schema: GatewayError } } },
  404: problem('NotFound', 'There is no such thing, or it is not yours to see.'),
  409: problem('Conflict', 'The request conflicts with the current state.'),
  412: problem('PreconditionFailed', 'If-Match does not hold: the resource changed since you read it. Read it again.'),
  413: problem('PayloadTooLarge', 'The body is over 64 KB.'),
  415: problem('UnsupportedMediaType', 'The body is not sent as JSON.'),
  422: problem('Unprocessable', 'The request is well formed but cannot be carried out: `errors` says why.'),
  428: problem('PreconditionRequired', 'The write needs an If-Match header.'),
  429: problem('TooManyRequests', 'Too many attempts: wait as Retry-After says.', z.object({ 'Retry-After': retryAfter })),
  500: problem('InternalError', 'A fault on our side; the body reveals nothing. Quote the X-Correlation-Id when reporting it.'),
  503: problem('Unavailable', 'Something the route needs is unavailable for a moment: try again after Retry-After.', z.object({ 'Retry-After': retryAfter })),
};

function problemsOf(route: ApiRoute): number[] {
  const { request } = route;
  const input = [request.params, request.query, request.headers, request.body].some((part) => part !== undefined);
  return [
    ...(input ? [400] : []),
    ...(route.auth === undefined ? [] : [401]),
    ...(route.auth === 'admin' ? [403] : []),
    ...(request.body === undefined ? [] : [413, 415]),
    ...(route.problems ?? []),
    500,
    // Every route's function may find an AWS service it calls throttled or out of reach for a moment.
    503,
  ];
}

function operation(service: string, route: ApiRoute): ZodOpenApiOperationObject {
  const { request } = route;
  const answers = Object.entries(route.responses).map(([status, answer]): [string, ZodOpenApiResponseObject] => [
    status,
    {
      description: answer.description,
      headers: z.object({ 'X-Correlation-Id': correlationId, ...answer.headers?.shape }),
      ...(answer.body === undefined ? {} : { content: { [answer.contentType ?? 'application/json']: { schema: answer.body } } }),
    },
  ]);
  const problems = [...new Set(problemsOf(route))].sort((a, b) => a - b).map((status): [string, ZodOpenApiResponseObject] => [String(status), PROBLEMS[status]!]);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [service],
    security: route.auth === undefined ? [] : [{ [route.auth]: [] }],
    requestParams: {
      ...(request.params === undefined ? {} : { path: request.params }),
      ...(request.query === undefined ? {} : { query: request.query }),
      ...(request.headers === undefined ? {} : { header: request.headers }),
    },
    ...(request.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: Object.fromEntries((request.bodyTypes ?? ['application/json']).map((type) => [type, { schema: request.body! }])),
          },
        }),
    responses: Object.fromEntries([...answers, ...problems]),
  };
}

export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const [service, routes] of ROUTES) {
    for (const route of routes) {
      paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(service, route) };
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'shop',
      version,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'An online shop as serverless services behind one HTTP API. Errors are application/problem+json (RFC 9457). ' +
        'Send a token from POST /auth/login as `Authorization: Bearer <token>` to the routes that need one.',
    },
    servers: [
      { url: '/', description: 'The API that serves this document' },
      { url: 'http://127.0.0.1:3000', description: 'The local stack (npm start)' },
    ],
    tags: ROUTES.map(([service]) => ({ name: service, description: SERVICES[service] })),
    paths,
    components: {
      // Named once and referred to wherever they appear, so the client's types get these names.
      schemas: { Problem, GatewayError, Readiness, Product, User, TokenPair, Jwks, Order, NotificationView, ServiceStatus },
      securitySchemes: {
        signedIn: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /auth/login or /auth/refresh.' },
        admin: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token of an admin (role admin); a customer gets 403.' },
      },
    },
  });
}
