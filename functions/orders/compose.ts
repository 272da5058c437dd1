import * as z from '../../lib/zod.ts';
import { documentClient, dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { SsmServiceRegistry } from '../../lib/aws/ssm-registry.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { randomIds } from '../../lib/ids.ts';
import { DynamoDbOrderRepository } from './adapters/dynamodb-order-repository.ts';
import { defaultCatalogResilience, HttpCatalog } from './adapters/http-catalog.ts';
import { PowertoolsIdempotentRequests } from './adapters/powertools-idempotent-requests.ts';
import { PowertoolsSagaMetrics } from './adapters/powertools-saga-metrics.ts';
import { RegistryMessageSender } from './adapters/registry-message-sender.ts';
import type { PlaceOrderDeps } from './use-cases/place-order.ts';
import type { SagaDeps } from './use-cases/saga.ts';

const seconds = z.pipe(z.string(), z.transform(Number)).check(z.refine((value) => Number.isInteger(value) && value > 0, 'must be a whole number of seconds'));

/** The orders service's composition root, built once per container. */
const config = readConfig(
  z.object({
    SHOP_STAGE: z.string().check(z.minLength(1)),
    ORDERS_TABLE: z.string().check(z.minLength(1)),
    ORDERS_IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
    ORDERS_REPLIES_QUEUE: z.string().check(z.minLength(1)),
    ORDERS_REPLIES_DLQ: z.string().check(z.minLength(1)),
    ORDERS_STOCK_TIMEOUT_SECONDS: z._default(seconds, 60),
    ORDERS_PAYMENT_TIMEOUT_SECONDS: z._default(seconds, 120),
    ORDERS_COMPENSATION_TIMEOUT_SECONDS: z._default(seconds, 60),
    /** The function's own timeout: a placement under way holds its Idempotency-Key this long at most. */
    ORDERS_FUNCTION_TIMEOUT_SECONDS: z._default(seconds, 30),
  }),
);

const dynamo = dynamoDbClient();
const sqs = sqsClient();
export const orders = new DynamoDbOrderRepository(documentClient(dynamo), config.ORDERS_TABLE);
/** Where the catalog, payments and notifications are: what they publish under /shop/<stage>/ in SSM. */
const registry = new SsmServiceRegistry({ stage: config.SHOP_STAGE });

const metrics = new PowertoolsSagaMetrics();

export const sagaDeps: SagaDeps = {
  orders,
  sender: new RegistryMessageSender(sqs, registry),
  clock: systemClock,
  ids: randomIds,
  metrics,
  saga: {
    replyTo: config.ORDERS_REPLIES_QUEUE,
    timeouts: {
      stockSeconds: config.ORDERS_STOCK_TIMEOUT_SECONDS,
      paymentSeconds: config.ORDERS_PAYMENT_TIMEOUT_SECONDS,
      compensationSeconds: config.ORDERS_COMPENSATION_TIMEOUT_SECONDS,
    },
  },
};

/** What placing an order needs besides the saga: the catalog (one breaker per container) and the idempotency records. */
export const placeOrderDeps: PlaceOrderDeps = {
  ...sagaDeps,
  catalog: new HttpCatalog(() => registry.baseUrl('catalog'), systemClock, defaultCatalogResilience, () => metrics.breakerOpened('catalog')),
  idempotency: new PowertoolsIdempotentRequests({
    client: dynamo,
    table: config.ORDERS_IDEMPOTENCY_TABLE,
    keyPrefix: 'placeOrder',
    // A day, as clients retry: a repeat later than that still finds its order (domain/order.ts orderIdFor).
    expiresAfterSeconds: 24 * 60 * 60,
    inProgressSeconds: config.ORDERS_FUNCTION_TIMEOUT_SECONDS,
    waitSeconds: 5,
  }),
};

/** Readiness (GET /orders/health): the orders tables and the replies queue with its DLQ answer. */
export const readinessProbes = [
  tableProbe(dynamo, config.ORDERS_TABLE),
  tableProbe(dynamo, config.ORDERS_IDEMPOTENCY_TABLE),
  queueProbe(sqs, config.ORDERS_REPLIES_QUEUE),
  queueProbe(sqs, config.ORDERS_REPLIES_DLQ),
];
