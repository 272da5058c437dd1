import * as z from '../../lib/zod.ts';
import { sqsClient } from '../../lib/aws/clients.ts';
import { SqsDeadLetters } from '../../lib/aws/sqs-dead-letters.ts';
import { readConfig } from '../../lib/config.ts';

/** The commands queue's DLQ, for the admin routes that show and redrive it. Apart, so that they load nothing else. */
const config = readConfig(z.object({ PAYMENT_COMMANDS_QUEUE: z.string().check(z.minLength(1)), PAYMENT_COMMANDS_DLQ: z.string().check(z.minLength(1)) }));

export const deadLetters = new SqsDeadLetters(sqsClient(), { queue: config.PAYMENT_COMMANDS_QUEUE, dlq: config.PAYMENT_COMMANDS_DLQ });
