import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { receive, sqs, temporaryDeadLetterQueue } from '../../test/support/aws.ts';
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
