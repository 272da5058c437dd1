import * as z from '../../lib/zod.ts';
import { dynamoDbClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { DynamoDbBreakerLog } from '../../lib/aws/dynamodb-breaker-log.ts';
import { readConfig } from '../../lib/config.ts';

const config = readConfig(z.object({ ORDERS_TABLE: z.string().check(z.minLength(1)) }));

/** The catalog's breaker (placing an order asks the catalog its prices), by the name its changes are recorded under. */
export const CATALOG_BREAKER = 'catalog';
/** Where the orders functions record their breaker's changes: an item of the orders table. */
export const breakerLog = new DynamoDbBreakerLog(documentClient(dynamoDbClient()), config.ORDERS_TABLE, 'pk');
