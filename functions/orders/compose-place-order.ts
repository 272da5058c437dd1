import { BreakerWatch } from '../../lib/breakers.ts';
import { systemClock } from '../../lib/clock.ts';
import { DynamoDbCallerLimits } from './adapters/dynamodb-caller-limits.ts';
import { defaultCatalogResilience, HttpCatalog } from './adapters/http-catalog.ts';
import { PowertoolsIdempotentRequests } from './adapters/powertools-idempotent-requests.ts';
import { SqsSagaBacklog } from './adapters/sqs-saga-backlog.ts';
import { breakerLog, CATALOG_BREAKER } from './compose-breakers.ts';
import { config, documents, dynamo, registry, sagaDeps, sagaMetrics, sqs } from './compose.ts';
import type { PlaceOrderDeps } from './use-cases/place-order.ts';

/** What placing an order needs besides the saga: the catalog (one breaker per container) and the idempotency records. */
export const placeOrderDeps: PlaceOrderDeps = {
  ...sagaDeps,
  limits: new DynamoDbCallerLimits(documents, config.ORDERS_IDEMPOTENCY_TABLE, systemClock, config.ORDERS_PLACEMENTS_PER_MINUTE),
  backlog: new SqsSagaBacklog(
    sqs,
    // The saga's work waits in the catalog's stock commands (the first step) and in our own replies.
    () => Promise.all([registry.queueUrl('catalog', 'stock-commands'), registry.queueUrl('orders', 'replies')]),
    config.ORDERS_MAX_SAGA_BACKLOG,
    systemClock,
  ),
  catalog: new HttpCatalog(
    () => registry.baseUrl('catalog'),
    { ...defaultCatalogResilience, timeoutMs: config.ORDERS_CATALOG_TIMEOUT_MS },
    new BreakerWatch(CATALOG_BREAKER, { log: breakerLog, clock: systemClock, onChange: (state) => state === 'open' && sagaMetrics.breakerOpened('catalog') }),
  ),
  idempotency: new PowertoolsIdempotentRequests({
    client: dynamo,
    table: config.ORDERS_IDEMPOTENCY_TABLE,
    keyPrefix: 'placeOrder',
    // A day, as clients retry: a repeat later than that still finds its order (domain/order.ts orderIdFor).
    expiresAfterSeconds: 24 * 60 * 60,
    inProgressSeconds: config.ORDERS_FUNCTION_TIMEOUT_SECONDS,
    // A repeat waits for the first request's answer for most of its own time, not all: it must still answer.
    waitSeconds: Math.max(1, Math.floor((config.ORDERS_FUNCTION_TIMEOUT_SECONDS * 3) / 4)),
  }),
};
