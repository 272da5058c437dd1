/**
 * One representative event per function, shaped as Lambda delivers it (API Gateway HTTP API payload
 * 2.0, its REQUEST authorizer, SQS), and how to tell it was really answered. Every function a stack
 * declares has one (events.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, ScheduledEvent, SQSEvent } from 'aws-lambda';
import type { FunctionSpec } from './functions.ts';
import { freshEmail, type Caller, type Seed, type SignedIn } from './seed.ts';

export type Scenario = {
  /** The event of the n-th run: a write gets a fresh target each time. */
  event(fn: FunctionSpec, n: number): unknown;
  /** Why the response is not the answer wanted, or undefined when it is. */
  check(response: unknown): string | undefined;
  /** The job itself hashes a password (issue 3's scrypt), so the floor does too. */
  hashesPassword?: boolean;
  /** The job signs an access token (ES256) with the key its SSM parameter holds, so the floor signs once too. */
  signs?: boolean;
  /** The API's routes the job asks over HTTP, all at once: the floor asks the same (fetch). */
  fetches?: readonly string[];
  /** The file the job serves, bundled in (esbuild's `text` or `json` import), so the floor holds it too. */
  serves?: { file: string; type: 'text' | 'json' };
};

type HttpRequest = { pathParameters?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown; caller?: Caller };

const JSON_CONTENT = { 'content-type': 'application/json' };

/** Every service's readiness route, as the operator's list of services asks them. */
const READINESS_ROUTES = ['/health', '/users/health', '/catalog/health', '/orders/health', '/payments/health', '/notifications/health'];

export function scenarios(seed: Seed, region: string): Record<string, Scenario> {
  const { customer, admin, password, productId } = seed;
  const at = <T>(list: readonly T[], n: number): T => list[n] ?? failWith(`only ${list.length} seeded for run ${n + 1}`);
  const tokens = (body: Record<string, unknown>) => (typeof body.accessToken === 'string' && typeof body.refreshToken === 'string' ? undefined : 'no token pair');
  const isCustomer = (body: Record<string, unknown>) => (body.id === customer.caller.userId ? undefined : 'another user came back');
  const ready = (body: Record<string, unknown>) => (body.ready === true ? undefined : 'not ready');
  const listed = (name: string) => (body: Record<string, unknown>) => (Array.isArray(body[name]) && body[name].length > 0 ? undefined : `no ${name}`);
  const hasItems = listed('items');
  const asksReadiness = (body: Record<string, unknown>) => {
    const asked = (Array.isArray(body.services) ? (body.services as Array<{ health?: unknown }>) : []).map(({ health }) => (typeof health === 'string' ? new URL(health).pathname : String(health)));
    return asked.toSorted().join() === READINESS_ROUTES.toSorted().join() ? undefined : `asked ${asked.join(', ')}, not the floor's ${READINESS_ROUTES.join(', ')}`;
  };
  return {
    health: http(() => ({}), 200),
    openApiDocument: { ...http(() => ({}), 200, (body) => (typeof body.openapi === 'string' ? undefined : 'no document')), serves: { file: './docs/openapi.json', type: 'json' } },
    apiDocs: http(() => ({}), 200),
    apiDocsRenderer: { ...http(() => ({}), 200), serves: { file: 'redoc/bundles/redoc.standalone.js', type: 'text' } },
    catalogHealth: http(() => ({}), 200, ready),
    getProduct: http(() => ({ pathParameters: { id: productId } }), 200, (body) => (body.id === productId ? undefined : 'another product')),
    listProducts: http(() => ({ query: { limit: '20' } }), 200, hasItems),
    createProduct: http((n) => ({ headers: JSON_CONTENT, body: { name: `Bench new ${n}`, priceCents: 500, currency: 'EUR', category: 'bench', stock: 3 } }), 201),
    updateProduct: http((n) => ({ pathParameters: { id: at(seed.toUpdate, n) }, headers: { ...JSON_CONTENT, 'if-match': '"1"' }, body: { priceCents: 2499 } }), 200),
    deleteProduct: http((n) => ({ pathParameters: { id: at(seed.toDelete, n) }, headers: { 'if-match': '"1"' } }), 204),
    stockCommands: queue((fn, n) => sqsEvent(region, fn.environment.STOCK_COMMANDS_QUEUE ?? 'stock-commands', message('ReserveStock', n, { orderId: randomUUID(), items: [{ productId, quantity: 1 }], replyTo: seed.replyQueue }))),
    authorize: authorizer('GET /users/me', customer, region),
    authorizeAdmin: authorizer('POST /products', admin, region),
    usersHealth: http(() => ({}), 200, ready),
    register: { ...http(() => ({ headers: JSON_CONTENT, body: { email: freshEmail(), password, name: 'Bench newcomer' } }), 201), hashesPassword: true },
    logIn: { ...http(() => ({ headers: JSON_CONTENT, body: { email: customer.email, password } }), 200, tokens), hashesPassword: true, signs: true },
    refresh: { ...http((n) => ({ headers: JSON_CONTENT, body: { refreshToken: at(seed.refreshTokens, n) } }), 200, tokens), signs: true },
    logOut: http((n) => ({ caller: at(seed.sessions, n) }), 204),
    jwks: http(() => ({}), 200, (body) => (Array.isArray(body.keys) && body.keys.length > 0 ? undefined : 'no keys')),
    getMe: http(() => ({ caller: customer.caller }), 200, isCustomer),
    updateMe: http((n) => ({ caller: customer.caller, headers: JSON_CONTENT, body: { name: `Bench customer ${n}` } }), 200, isCustomer),
    ordersHealth: http(() => ({}), 200, ready),
    // Prices come from the catalog's route over HTTP, found by name.
    placeOrder: { ...http(() => ({ caller: customer.caller, headers: { ...JSON_CONTENT, 'idempotency-key': randomUUID() }, body: { items: [{ productId, quantity: 1 }] } }), 202), fetches: [`/products/${productId}`] },
    getOrder: http(() => ({ pathParameters: { id: seed.orderId }, caller: customer.caller }), 200, (body) => (body.id === seed.orderId ? undefined : 'another order')),
    listOrders: http(() => ({ query: { limit: '20' }, caller: customer.caller }), 200, hasItems),
    cancelOrder: http((n) => ({ pathParameters: { id: at(seed.toCancel, n) }, caller: customer.caller }), 202),
    // A reply the order took already, as SQS redelivers one: read, found taken, nothing written. No
    // order waits on a reply from the bench, for the stack's own saga answers every one first.
    orderReplies: queue((fn, n) => sqsEvent(region, fn.environment.ORDERS_REPLIES_QUEUE ?? 'orders-replies', message('StockReserved', n, { orderId: seed.orderId, items: [{ productId, quantity: 1 }] }))),
    // Each sweep looks for unsent messages and orders past their deadline, as the schedule's every minute.
    sweepOrders: { event: scheduledEvent(region), check: (response) => (typeof (response as { resent?: unknown } | undefined)?.resent === 'number' ? undefined : `no sweep result: ${JSON.stringify(response)}`) },
    paymentsHealth: http(() => ({}), 200, ready),
    // The charge goes to the payment provider over HTTP; the floor's one call goes to the gateway's health.
    paymentCommands: {
      ...queue((fn, n) =>
        sqsEvent(region, fn.environment.PAYMENT_COMMANDS_QUEUE ?? 'payments-commands', message('ChargePayment', n, { orderId: randomUUID(), customerId: customer.caller.userId, amountCents: 1999, currency: 'EUR', replyTo: seed.replyQueue })),
      ),
      fetches: ['/health'],
    },
    orderEvents: queue((fn, n) =>
      sqsEvent(region, 'notifications-order-events', message('OrderConfirmed', n, { orderId: randomUUID(), customerId: customer.caller.userId, customerEmail: customer.email, totalCents: 1999, currency: 'EUR' })),
    ),
    notificationsHealth: http(() => ({}), 200, ready),
    listNotifications: http(() => ({ caller: customer.caller }), 200, hasItems),
    // Each service's readiness route, asked over HTTP; the check holds the floor to the same routes.
    listServices: { ...http(() => ({ caller: admin.caller }), 200, asksReadiness), fetches: READINESS_ROUTES },
    // The operator's routes: every queue's depths, the latest orders, each service's DLQ (empty here) and breakers.
    listQueues: http(() => ({ caller: admin.caller }), 200, listed('queues')),
    listLatestOrders: http(() => ({ query: { limit: '30' }, caller: admin.caller }), 200, hasItems),
    ...Object.fromEntries(
      (['catalog', 'orders', 'payments', 'notifications'] as const).flatMap((service) => [
        [`${service}DeadLetters`, http(() => ({ caller: admin.caller }), 200, (body) => (Array.isArray(body.items) ? undefined : 'no list'))],
        [`${service}Redrive`, http(() => ({ caller: admin.caller }), 200, (body) => (typeof body.moved === 'number' ? undefined : 'no count moved'))],
      ]),
    ),
    ordersBreakers: http(() => ({ caller: admin.caller }), 200, listed('breakers')),
    paymentsBreakers: http(() => ({ caller: admin.caller }), 200, listed('breakers')),
  };
}

const failWith = (message: string): never => {
  throw new Error(message);
};

/** The function's route, answered with `status` and a body `also` finds right. */
function http(request: (n: number) => HttpRequest, status: number, also?: (body: Record<string, unknown>) => string | undefined): Scenario {
  return {
    event: (fn, n) => httpApiEvent(fn.route ?? failWith(`${fn.key} has no httpApi route`), request(n)),
    check: (response) => {
      const { statusCode, body } = (response ?? {}) as { statusCode?: number; body?: string };
      if (statusCode !== status) return `status ${statusCode} (wanted ${status}): ${String(body).slice(0, 200)}`;
      return also?.(JSON.parse(String(body)) as Record<string, unknown>);
    },
  };
}

/** An HTTP API event past the route's authorizer, which vouched for `caller` (a stand-in if none given). */
function httpApiEvent({ routeKey, authorizer }: NonNullable<FunctionSpec['route']>, request: HttpRequest): APIGatewayProxyEventV2 {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = template.replace(/\{(\w+)\+?\}/g, (_, name: string) => encodeURIComponent(request.pathParameters?.[name] ?? ''));
  const caller = request.caller ?? { userId: 'bench-user', role: authorizer === 'admin' ? 'admin' : 'customer', sessionId: 'bench-session', email: 'bench@example.com' };
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
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
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(authorizer === undefined ? {} : { authorizer: { lambda: caller } }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    isBase64Encoded: false,
  };
}

/** The authorizer must admit the bearer and hand on exactly who they are. */
function authorizer(routeKey: string, bearer: SignedIn, region: string): Scenario {
  return {
    event: () => {
      const authorization = `Bearer ${bearer.accessToken}`;
      const { rawPath, rawQueryString, headers, requestContext } = httpApiEvent({ routeKey }, { headers: { authorization } });
      const event: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:${region}:000000000000:bench/$default/${requestContext.http.method}${rawPath}`,
        identitySource: [authorization],
        routeKey,
        rawPath,
        rawQueryString,
        cookies: [],
        headers,
        requestContext,
      };
      return event;
    },
    check: (response) => {
      const { isAuthorized, context } = (response ?? {}) as { isAuthorized?: boolean; context?: Partial<Caller> };
      const { userId, role, sessionId, email } = bearer.caller;
      if (isAuthorized !== true) return `not authorized: ${JSON.stringify(response ?? null).slice(0, 200)}`;
      const same = context?.userId === userId && context.role === role && context.sessionId === sessionId && context.email === email;
      return same ? undefined : `another caller: ${JSON.stringify(context)}`;
    },
  };
}

/** A queue consumer's answer: every record taken, none handed back for redelivery. */
function queue(event: Scenario['event']): Scenario {
  return {
    event,
    check: (response) => {
      const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
      return failures?.length === 0 ? undefined : `batch failures: ${JSON.stringify(response)}`;
    },
  };
}

/** A message of lib/contracts/, in its envelope. */
function message(type: string, n: number, data: Record<string, unknown>) {
  return { messageId: randomUUID(), type, version: 1, occurredAt: new Date().toISOString(), correlationId: `bench-${n}`, data };
}

/** The event an EventBridge schedule (`schedule: rate(1 minute)`) invokes a function with. */
function scheduledEvent(region: string): () => ScheduledEvent {
  return () => ({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/bench`],
    detail: {},
  });
}

/** A one-record SQS event, as Lambda's event source mapping sends it. */
function sqsEvent(region: string, queueName: string, body: { correlationId: string }): SQSEvent {
  const sent = String(Date.now());
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'bench',
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: sent, SenderId: 'bench', ApproximateFirstReceiveTimestamp: sent },
        messageAttributes: { correlationId: { dataType: 'String', stringValue: body.correlationId } },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:000000000000:${queueName}`,
        awsRegion: region,
      },
    ],
  };
}
