import * as z from '../../lib/zod.ts';
import { sqsClient } from '../../lib/aws/clients.ts';
import { SqsDeadLetters } from '../../lib/aws/sqs-dead-letters.ts';
import { readConfig } from '../../lib/config.ts';

/** The order events queue's DLQ, for the admin routes that show and redrive it. Apart, so that they load nothing else. */
const config = readConfig(z.object({ NOTIFICATIONS_ORDER_EVENTS_QUEUE: z.string().check(z.minLength(1)), NOTIFICATIONS_ORDER_EVENTS_DLQ: z.string().check(z.minLength(1)) }));

export const deadLetters = new SqsDeadLetters(sqsClient(), { queue: config.NOTIFICATIONS_ORDER_EVENTS_QUEUE, dlq: config.NOTIFICATIONS_ORDER_EVENTS_DLQ });
