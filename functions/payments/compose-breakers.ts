import * as z from '../../lib/zod.ts';
import { dynamoDbClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { DynamoDbBreakerLog } from '../../lib/aws/dynamodb-breaker-log.ts';
import { readConfig } from '../../lib/config.ts';

const config = readConfig(z.object({ PAYMENTS_TABLE: z.string().check(z.minLength(1)) }));

/** The provider's breaker, by the name its changes are recorded under. */
export const PROVIDER_BREAKER = 'provider';
/** Where the payments functions record their breaker's changes: an item of the payments table. Apart, so that GET /admin/payments/breakers loads no provider client. */
export const breakerLog = new DynamoDbBreakerLog(documentClient(dynamoDbClient()), config.PAYMENTS_TABLE, 'orderId');
