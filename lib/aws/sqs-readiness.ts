import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReadinessProbe } from '../readiness.ts';

/** Ready when the queue is found and answers for its attributes. */
export const queueProbe = (sqs: SQSClient, queue: string): ReadinessProbe => ({
  name: `queue ${queue}`,
  ask: async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return true;
  },
});
