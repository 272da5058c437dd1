import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { eventually, sqs, temporaryDeadLetterQueue, temporaryQueue } from '../../../test/support/aws.ts';
import { describeQueueGaugeContract, type ArrangedQueues } from '../testing/queue-gauge.contract.ts';
import { sqsClient } from '../../../lib/aws/clients.ts';
import { SqsQueueGauge } from './sqs-queue-gauge.ts';

const removals: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const remove of removals) await remove();
});

/** Made once: both tests read them, and neither changes them. */
let arranged: Promise<ArrangedQueues> | undefined;
const arrange = async (): Promise<ArrangedQueues> => {
  const temporary = await temporaryDeadLetterQueue('gauge');
  const { dlq, sources } = temporary;
  removals.push(() => temporary.remove());
  const lonely = await temporaryQueue('gauge-lonely');
  removals.push(() => lonely.remove());
  const busy = (sources[0] as { url: string }).url;
  for (const body of ['a', 'b', 'c']) await sqs.send(new SendMessageCommand({ QueueUrl: busy, MessageBody: body }));
  await sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: 'dead' }));
  // One received and kept hidden for the test's length: in flight.
  await eventually(async () => ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: busy, MaxNumberOfMessages: 1, VisibilityTimeout: 120 }))).Messages?.length ? true : undefined));
  return { gauge: new SqsQueueGauge(sqs), busy, deadLetterName: dlq.name, lonely: lonely.url };
};

describeQueueGaugeContract('the SQS queue gauge, against fauxqs', () => (arranged ??= arrange()));

describe('the SQS queue gauge, finding a DLQ', () => {
  it("reads a queue and its DLQ in one call each, the DLQ's URL taken from the queue's own (SQS keeps both in one account and Region)", async () => {
    const { busy, deadLetterName } = await (arranged ??= arrange());
    const sent: string[] = [];
    const counted = sqsClient();
    counted.middlewareStack.add((next, context) => (args) => (sent.push(String(context.commandName)), next(args)), { step: 'initialize' });

    expect((await new SqsQueueGauge(counted).depths(busy)).deadLetter?.name).toBe(deadLetterName);
    expect(sent).toEqual(['GetQueueAttributesCommand', 'GetQueueAttributesCommand']);
    counted.destroy();
  });
});
