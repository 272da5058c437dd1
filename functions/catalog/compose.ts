import * as z from '../../lib/zod.ts';
import { dynamoDbClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { readConfig } from '../../lib/config.ts';
import { systemClock } from '../../lib/clock.ts';
import { randomIds } from '../../lib/ids.ts';
import { DynamoDbProductRepository } from './adapters/dynamodb-product-repository.ts';
import type { Clock, IdGenerator } from './ports.ts';

/**
 * The catalog's composition root, built once per container: configuration, the table and the product
 * routes' adapters. What only the stock consumer and the readiness route use (the SQS client and the
 * reply channel) is in compose-stock.ts, so that the product routes do not load it.
 */
export const config = readConfig(
  z.object({
    CATALOG_TABLE: z.string().check(z.minLength(1)),
    STOCK_COMMANDS_QUEUE: z.string().check(z.minLength(1)),
    STOCK_COMMANDS_DLQ: z.string().check(z.minLength(1)),
  }),
);
export const dynamo = dynamoDbClient();
export const documents = documentClient(dynamo);

export const clock: Clock = systemClock;
export const ids: IdGenerator = randomIds;

export const productRepository = new DynamoDbProductRepository(documents, config.CATALOG_TABLE);
