import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { receive, sqs, temporaryDeadLetterQueue } from '../../test/support/aws.ts';
import { sqsClient } from './clients.ts';
import { describeDeadLettersContract } from '../testing/dead-letters.contract.ts';
import { SqsDeadLetters } from './sqs-dead-letters.ts';

const removals: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const remove of removals) await remove();
});

describeDeadLettersContract('the SQS dead letters, against fauxqs', async () => {
  const temporary = await temporaryDeadLetterQueue('dead-letters');
  const { dlq, sources } = temporary;
  removals.push(() => temporary.remove());
  const source = sources[0] as { name: string; url: string };
  return {
    deadLetters: new SqsDeadLetters(sqs, { queue: source.name, dlq: dlq.name }),
    kill: async (body, attributes = {}) => {
      const MessageAttributes = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
      return String((await sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: body, MessageAttributes }))).MessageId);
    },
    sourceBodies: async (count) => (await receive(source.url, count, 5_000)).map(({ Body }) => String(Body)),
  };
});

describe('the SQS dead letters, looking at an empty DLQ', () => {
  it('answers from its depth, without a long poll that would hold the operator a second', async () => {
    const temporary = await temporaryDeadLetterQueue('dead-letters-empty');
    removals.push(() => temporary.remove());
    const sent: string[] = [];
    const counted = sqsClient();
    counted.middlewareStack.add((next, context) => (args) => (sent.push(String(context.commandName)), next(args)), { step: 'initialize' });

    const deadLetters = new SqsDeadLetters(counted, { queue: String(temporary.sources[0]?.name), dlq: temporary.dlq.name });

    expect(await deadLetters.peek(10)).toEqual([]);
    expect(sent).not.toContain('ReceiveMessageCommand');
    counted.destroy();
  });
});
