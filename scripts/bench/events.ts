/**
 * One representative event per function, shaped as Lambda delivers it (API Gateway HTTP API v2, SQS),
 * and how to tell it was really answered: the catalog's and the gateway's here, the users service's in
 * users-events.ts. A function with no entry in either is reported, not benched.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSEvent } from 'aws-lambda';
import type { FloorSteps } from './floor.ts';
import type { FunctionSpec, Route } from './package-sizes.ts';
import type { Seed } from './seed.ts';
import { localSqsClient, type Endpoints } from './stack.ts';

export type Invocation = {
  event: unknown;
  /** Why the response is not the answer expected, or undefined when it is. */
  check: (response: unknown) => string | undefined;
};

export type Scenario = {
  /** Short, for the table: what the event asks. */
  label: string;
  /** The event of the n-th invocation (0-based): writes get a fresh target each time. */
  invocation(fn: FunctionSpec, n: number): Invocation;
  /** After all invocations, a check of their effects outside the response (a reply on a queue). */
  verify?(invocations: number): Promise<string | undefined>;
  /**
   * What the job demands of any implementation, as its issue words it, which its floor does too (see
   * floor.ts); left out where one cheap call per SDK client is the job (a read).
   */
  floorSteps?: FloorSteps;
};

/** Who the route's authorizer vouched for: requestContext.authorizer.lambda (lib/http/caller.ts). */
export type Caller = { userId: string; role: string; sessionId: string };

type HttpRequest = {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /** For a route behind an authorizer: the caller it vouched for (a stand-in when left out). */
  caller?: Caller;
};

/** A route's event (its first httpApi route), answered with `status` and a body `also` finds right. */
export function httpScenario(
  label: string,
  request: (n: number) => HttpRequest,
  status: number,
  also?: (body: unknown) => string | undefined,
): Scenario {
  return {
    label,
    invocation: (fn, n) => ({ event: httpApiEvent(routeOf(fn), request(n)), check: (response) => checkHttp(response, status, also) }),
  };
}

export const JSON_CONTENT = { 'content-type': 'application/json' };

export function scenarios(seed: Seed, stack: Endpoints): Record<string, Scenario> {
  return {
    health: httpScenario('GET /health', () => ({}), 200),
    catalogHealth: httpScenario('GET /catalog/health', () => ({}), 200, (body) =>
      (body as { ready?: boolean }).ready === true ? undefined : `not ready: ${JSON.stringify(body)}`,
    ),
    getProduct: httpScenario('GET a seeded product', () => ({ pathParameters: { id: seed.productId } }), 200, (body) =>
      (body as { id?: string }).id === seed.productId ? undefined : 'another product came back',
    ),
    listProducts: httpScenario('GET /products?limit=20', () => ({ query: { limit: '20' } }), 200, (body) =>
      ((body as { items?: unknown[] }).items?.length ?? 0) > 0 ? undefined : 'no items listed',
    ),
    // A product stored (one write).
    createProduct: {
      ...httpScenario(
        'POST a product',
        (n) => ({ headers: JSON_CONTENT, body: { name: `Bench new ${n}`, priceCents: 500, currency: 'EUR', category: 'bench', stock: 3 } }),
        201,
      ),
      floorSteps: [['write']],
    },
    // A change in place conditional on the version (If-Match), which answers the product as it now is.
    updateProduct: {
      ...httpScenario(
        'PATCH, If-Match "1"',
        (n) => ({ pathParameters: { id: at(seed.toUpdate, n) }, headers: { ...JSON_CONTENT, 'if-match': '"1"' }, body: { priceCents: 2499 } }),
        200,
      ),
      floorSteps: [['update']],
    },
    // A delete conditional on the version (If-Match).
    deleteProduct: {
      ...httpScenario('DELETE, If-Match "1"', (n) => ({ pathParameters: { id: at(seed.toDelete, n) }, headers: { 'if-match': '"1"' } }), 204),
      floorSteps: [['delete']],
    },
    // "Reserves every item or none (one DynamoDB transaction conditional on stock), is idempotent per
    // orderId": the item's stock taken down and the order's reservation stored, together; then the answer
    // "on the queue named by replyTo", whose URL can be looked up meanwhile.
    stockCommands: {
      floorSteps: [['transact-update-put', 'queue-url'], ['send-message']],
      label: 'ReserveStock x1, reply',
      invocation: (fn, n) => ({
        event: sqsEvent(stack, fn.environment.STOCK_COMMANDS_QUEUE ?? 'stock-commands', reserveStock(seed, n)),
        check: (response) => {
          const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
          return failures?.length === 0 ? undefined : `batch failures: ${JSON.stringify(response)}`;
        },
      }),
      verify: (invocations) => expectReplies(stack, seed.replyQueue.url, invocations),
    },
  };
}

/** The n-th of what was seeded for one invocation each. */
export const at = <T>(list: readonly T[], n: number): T => {
  const value = list[n];
  if (value === undefined) throw new Error(`Only ${list.length} seeded for ${n + 1} invocations.`);
  return value;
};

function routeOf(fn: FunctionSpec): Route {
  const route = fn.routes[0];
  if (route === undefined) throw new Error(`${fn.key} has no httpApi route.`);
  return route;
}

/**
 * A stand-in for the caller the gateway's Lambda authorizer vouched for, where the route does not look
 * the caller up (the catalog's writes): an admin behind the "admin" authorizer, a customer behind any other.
 */
const callerBehind = (authorizer: string): Caller => ({
  userId: 'bench-user',
  role: authorizer === 'admin' ? 'admin' : 'customer',
  sessionId: 'bench-session',
});

/** An HTTP API (payload 2.0) event for a route, as API Gateway sends it (past the route's authorizer). */
export function httpApiEvent({ routeKey, authorizer }: Route, request: HttpRequest): APIGatewayProxyEventV2 {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = template.replace(/\{(\w+)\+?\}/g, (_, name: string) => encodeURIComponent(request.pathParameters?.[name] ?? ''));
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers: { accept: 'application/json', host: 'bench.local', 'user-agent': 'shop-bench', ...request.headers },
    ...(request.query === undefined ? {} : { queryStringParameters: request.query }),
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'shop-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(authorizer === undefined ? {} : { authorizer: { lambda: request.caller ?? callerBehind(authorizer) } }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    isBase64Encoded: false,
  };
}

function checkHttp(response: unknown, status: number, also?: (body: unknown) => string | undefined): string | undefined {
  const { statusCode, body } = (response ?? {}) as APIGatewayProxyStructuredResultV2;
  if (statusCode !== status) return `status ${statusCode} (wanted ${status}): ${String(body).slice(0, 200)}`;
  return also?.(JSON.parse(String(body)));
}

function reserveStock(seed: Seed, n: number) {
  return {
    messageId: randomUUID(),
    type: 'ReserveStock',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: `bench-${n}`,
    data: { orderId: randomUUID(), items: [{ productId: seed.stockProductId, quantity: 1 }], replyTo: seed.replyQueue.name },
  };
}

/** A one-record SQS event, as Lambda's event source mapping sends it. */
function sqsEvent(stack: Endpoints, queueName: string, body: unknown): SQSEvent {
  const sent = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'bench',
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: sent, SenderId: 'bench', ApproximateFirstReceiveTimestamp: sent },
        messageAttributes: {
          correlationId: { dataType: 'String', stringValue: (body as { correlationId: string }).correlationId },
        },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${stack.region}:000000000000:${queueName}`,
        awsRegion: stack.region,
      },
    ],
  };
}

/** Every ReserveStock must have been answered StockReserved on the reply queue. */
async function expectReplies(stack: Endpoints, queueUrl: string, count: number): Promise<string | undefined> {
  const sqs = localSqsClient(stack);
  const types: string[] = [];
  const deadline = Date.now() + 10_000;
  while (types.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
    );
    types.push(...Messages.map((message) => String((JSON.parse(message.Body ?? '{}') as { type?: string }).type)));
  }
  sqs.destroy();
  const reserved = types.filter((type) => type === 'StockReserved').length;
  return reserved === count ? undefined : `${reserved} of ${count} replies were StockReserved (got: ${types.join(', ') || 'none'})`;
}
