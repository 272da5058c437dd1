import * as z from '../../lib/zod.ts';
import { dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { readConfig } from '../../lib/config.ts';

/** What the readiness route checks: the notifications table and queues answer. Apart, so that it loads no SES client. */
const config = readConfig(
  z.object({
    NOTIFICATIONS_TABLE: z.string().check(z.minLength(1)),
    NOTIFICATIONS_ORDER_EVENTS_QUEUE: z.string().check(z.minLength(1)),
    NOTIFICATIONS_ORDER_EVENTS_DLQ: z.string().check(z.minLength(1)),
  }),
);
const sqs = sqsClient();

export const readinessProbes = [
  tableProbe(dynamoDbClient(), config.NOTIFICATIONS_TABLE),
  queueProbe(sqs, config.NOTIFICATIONS_ORDER_EVENTS_QUEUE),
  queueProbe(sqs, config.NOTIFICATIONS_ORDER_EVENTS_DLQ),
];
