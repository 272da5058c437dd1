import * as z from '../../lib/zod.ts';
import { dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { queueProbe } from '../../lib/aws/sqs-readiness.ts';
import { readConfig } from '../../lib/config.ts';

/** What the readiness route checks: the payments table and queues answer. Apart, so that it loads no provider client. */
const config = readConfig(
  z.object({
    PAYMENTS_TABLE: z.string().check(z.minLength(1)),
    PAYMENT_COMMANDS_QUEUE: z.string().check(z.minLength(1)),
    PAYMENT_COMMANDS_DLQ: z.string().check(z.minLength(1)),
  }),
);
const sqs = sqsClient();

export const readinessProbes = [
  tableProbe(dynamoDbClient(), config.PAYMENTS_TABLE),
  queueProbe(sqs, config.PAYMENT_COMMANDS_QUEUE),
  queueProbe(sqs, config.PAYMENT_COMMANDS_DLQ),
];
