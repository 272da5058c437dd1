import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReadinessProbe } from '../readiness.ts';

/** Ready when SQS answers with the queue's URL: it exists, and so does the way to it. */
export const queueProbe = (sqs: SQSClient, queue: string): ReadinessProbe => ({
  name: `queue ${queue}`,
  ask: async () => (await sqs.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl !== undefined,
});
