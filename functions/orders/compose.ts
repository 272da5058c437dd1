import { Metrics } from '@aws-lambda-powertools/metrics';
import * as z from '../../lib/zod.ts';
import { dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { SsmServiceRegistry } from '../../lib/aws/ssm-registry.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { SqsMessagePublisher } from '../../lib/messaging/sqs-publisher.ts';
import { DynamoDbOrderRepository } from './adapters/dynamodb-order-repository.ts';
import { PowertoolsSagaMetrics } from './adapters/powertools-saga-metrics.ts';
import { RegistryMessageSender } from './adapters/registry-message-sender.ts';
import type { SagaDeps } from './use-cases/saga.ts';

const seconds = z.pipe(z.string(), z.transform(Number)).check(z.refine((value) => Number.isInteger(value) && value > 0, 'must be a whole number of seconds'));

/**
 * The orders service's composition root, built once per container: what every orders function needs.
 * What only placing an order needs (the catalog, idempotency) is in compose-place-order.ts, so the
 * other functions do not load it.
 */
export const config = readConfig(
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
    ORDERS_PLACEMENTS_PER_MINUTE: z.coerce.number().check(z.int(), z.positive()),
    ORDERS_MAX_SAGA_BACKLOG: z.coerce.number().check(z.int(), z.positive()),
    ORDERS_CATALOG_TIMEOUT_MS: z.coerce.number().check(z.int(), z.positive()),
  }),
);

export const dynamo = dynamoDbClient();
export const sqs = sqsClient();
export const documents = documentClient(dynamo);
export const orders = new DynamoDbOrderRepository(documents, config.ORDERS_TABLE);
/** Where the catalog, payments and notifications are: what they publish under /shop/<stage>/ in SSM. */
export const registry = new SsmServiceRegistry({ stage: config.SHOP_STAGE });

/** The orders service's one Metrics instance: adapters add to it, the middy stacks flush it per invocation. */
export const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });
export const sagaMetrics = new PowertoolsSagaMetrics(metrics);

export const sagaDeps: SagaDeps = {
  orders,
  sender: new RegistryMessageSender(new SqsMessagePublisher(sqs), registry),
  clock: systemClock,
  metrics: sagaMetrics,
  saga: {
    replyTo: config.ORDERS_REPLIES_QUEUE,
    timeouts: {
      stockSeconds: config.ORDERS_STOCK_TIMEOUT_SECONDS,
      paymentSeconds: config.ORDERS_PAYMENT_TIMEOUT_SECONDS,
      compensationSeconds: config.ORDERS_COMPENSATION_TIMEOUT_SECONDS,
    },
  },
};

/** Readiness (GET /orders/health): the orders tables and the replies queue with its DLQ answer. */
export const readinessProbes = [
  tableProbe(dynamo, config.ORDERS_TABLE),
  tableProbe(dynamo, config.ORDERS_IDEMPOTENCY_TABLE),
  queueProbe(sqs, config.ORDERS_REPLIES_QUEUE),
  queueProbe(sqs, config.ORDERS_REPLIES_DLQ),
];
