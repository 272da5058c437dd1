import * as z from '../../lib/zod.ts';
import { dynamoDbClient, sesClient, sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { senderProbe } from '../../lib/aws/ses-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { readConfig } from '../../lib/config.ts';

/**
 * What the readiness route checks: the notifications table and queues answer, and SES may send from
 * the stage's sender (on AWS, only an identity the operator verified; see the README's deploy section).
 */
const config = readConfig(
  z.object({
    NOTIFICATIONS_TABLE: z.string().check(z.minLength(1)),
    NOTIFICATIONS_ORDER_EVENTS_QUEUE: z.string().check(z.minLength(1)),
    NOTIFICATIONS_ORDER_EVENTS_DLQ: z.string().check(z.minLength(1)),
    NOTIFICATIONS_SENDER: z.email(),
  }),
);
const sqs = sqsClient();

export const readinessProbes = [
  tableProbe(dynamoDbClient(), config.NOTIFICATIONS_TABLE),
  queueProbe(sqs, config.NOTIFICATIONS_ORDER_EVENTS_QUEUE),
  queueProbe(sqs, config.NOTIFICATIONS_ORDER_EVENTS_DLQ),
  senderProbe(sesClient(), config.NOTIFICATIONS_SENDER),
];
