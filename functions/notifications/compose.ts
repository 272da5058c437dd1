import * as z from '../../lib/zod.ts';
import { dynamoDbClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { readConfig } from '../../lib/config.ts';
import { systemClock } from '../../lib/clock.ts';
import { randomIds } from '../../lib/ids.ts';
import { DynamoDbNotificationStore } from './adapters/dynamodb-notification-store.ts';
import type { Clock, IdGenerator } from './ports.ts';

/**
 * The notifications service's composition root for both functions, built once per container. The SES
 * client is in compose-email.ts, so that the listing route does not load it.
 */
const seconds = z.pipe(z.string(), z.transform(Number)).check(z.refine((value) => Number.isInteger(value) && value > 0, 'must be a whole number of seconds'));
const config = readConfig(
  z.object({
    NOTIFICATIONS_TABLE: z.string().check(z.minLength(1)),
    /** The function's own timeout: a delivery holds the sending of a notification this long at most. */
    NOTIFICATIONS_FUNCTION_TIMEOUT_SECONDS: seconds,
  }),
);
const documents = documentClient(dynamoDbClient());

export const clock: Clock = systemClock;
export const ids: IdGenerator = randomIds;
export const sendingClaimSeconds = config.NOTIFICATIONS_FUNCTION_TIMEOUT_SECONDS;
export const notificationStore = new DynamoDbNotificationStore(documents, config.NOTIFICATIONS_TABLE);
