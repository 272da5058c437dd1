import * as z from '../../lib/zod.ts';
import { documentClient, dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { readConfig } from '../../lib/config.ts';
import { systemClock } from '../../lib/clock.ts';
import { randomIds } from '../../lib/ids.ts';
import { once } from '../../lib/once.ts';
import { DynamoDbProductRepository } from './adapters/dynamodb-product-repository.ts';
import type { Clock, IdGenerator } from './ports.ts';

/**
 * The catalog's composition root: each handler takes what it needs, once per container.
 * The PURE marks let esbuild drop what a handler does not take (a GET bundles no SQS client).
 * The stock consumer's parts are in compose-stock.ts: the message contracts they import build their
 * schemas at load, which esbuild cannot drop, so the product routes would pay for them.
 */
export const config = /* @__PURE__ */ once(() =>
  readConfig(
    z.object({
      CATALOG_TABLE: z.string().check(z.minLength(1)),
      STOCK_COMMANDS_QUEUE: z.string().check(z.minLength(1)),
      STOCK_COMMANDS_DLQ: z.string().check(z.minLength(1)),
    }),
  ),
);
const dynamo = /* @__PURE__ */ once(dynamoDbClient);
export const documents = /* @__PURE__ */ once(() => documentClient(dynamo()));
export const sqs = /* @__PURE__ */ once(() => sqsClient());

export const clock: Clock = systemClock;
export const ids: IdGenerator = randomIds;

export const productRepository = /* @__PURE__ */ once(() => new DynamoDbProductRepository(documents(), config().CATALOG_TABLE));
export const readinessProbes = /* @__PURE__ */ once(() => {
  const { CATALOG_TABLE, STOCK_COMMANDS_QUEUE, STOCK_COMMANDS_DLQ } = config();
  return [tableProbe(dynamo(), CATALOG_TABLE), queueProbe(sqs(), STOCK_COMMANDS_QUEUE), queueProbe(sqs(), STOCK_COMMANDS_DLQ)];
});
