/**
 * The local SQS event source (scripts/local/sqs-poller.ts) against the real SQS emulator, with a
 * stand-in for the Lambda invoke API whose answers each test scripts: the rules of Lambda's SQS
 * integration, checked one by one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { lambdaInvoker, startPoller, type EventSourceMapping } from '../../scripts/local/sqs-poller.ts';
import { depth, eventually, receive, sqs } from '../support/aws.ts';

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type Invocation = { functionName: string; event: SQSEvent };

let server: Server;
let endpoint: string;
let answer: (invocation: Invocation) => Answer;
let invocations: Invocation[];
const silent = { info: () => {}, warning: () => {} };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const functionName = decodeURIComponent(String(request.url).split('/')[3] ?? '');
      const invocation = { functionName, event: JSON.parse(body) as SQSEvent };
      invocations.push(invocation);
      const { status, body: payload, headers } = answer(invocation);
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  invocations = [];
});

/** A source queue with a DLQ after `maxReceiveCount` receives, and a poller feeding our stand-in. */
async function pipeline(options: { batchSize?: number; maxReceiveCount?: number; reportBatchItemFailures?: boolean } = {}) {
  const name = `poller-${randomUUID().slice(0, 8)}`;
  const { QueueUrl: dlqUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const { QueueUrl: url = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: options.maxReceiveCount ?? 2 }),
      },
    }),
  );
  const { Attributes: source } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const mapping: EventSourceMapping = {
    functionName: 'shop-test-consumer',
    queue: { name, url, arn: String(source?.QueueArn) },
    batchSize: options.batchSize ?? 10,
    maximumBatchingWindow: 0,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    concurrency: 1,
  };
  const poller = startPoller(sqs, mapping, lambdaInvoker(endpoint), 'eu-west-1', silent);
  return {
    url,
    dlqUrl,
    async close() {
      await poller.stop();
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: dlqUrl }));
    },
  };
}

const bodies = (invocation: Invocation | undefined) => invocation?.event.Records.map((record) => record.body) ?? [];
const sendAll = (url: string, messages: string[]) =>
  sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: messages.map((body, index) => ({ Id: String(index), MessageBody: body })) }));

describe('the local SQS event source', () => {
  it('invokes the function with SQS records and deletes them when it succeeds', async () => {
    answer = () => ({ status: 200, body: { batchItemFailures: [] } });
    const queue = await pipeline();

    await sendAll(queue.url, ['one', 'two']);
    await eventually(async () => (invocations.flatMap(bodies).length === 2 ? true : undefined));
    await eventually(async () => ((await depth(queue.url)) === 0 ? true : undefined));

    expect(invocations[0]?.functionName).toBe('shop-test-consumer');
    expect(invocations[0]?.event.Records[0]).toMatchObject({ eventSource: 'aws:sqs', awsRegion: 'eu-west-1' });
    await queue.close();
  });

  it('never gives a function more records than batchSize', async () => {
    answer = () => ({ status: 200, body: null });
    const queue = await pipeline({ batchSize: 3 });

    await sendAll(queue.url, ['1', '2', '3', '4', '5', '6', '7']);
    await eventually(async () => (invocations.flatMap(bodies).length >= 7 ? true : undefined));

    expect(Math.max(...invocations.map((invocation) => invocation.event.Records.length))).toBeLessThanOrEqual(3);
    expect(invocations.flatMap(bodies).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    await queue.close();
  });

  it('redelivers only the records reported in batchItemFailures, then moves them to the DLQ', async () => {
    answer = ({ event }) => ({
      status: 200,
      body: { batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({ itemIdentifier: record.messageId })) },
    });
    const queue = await pipeline({ maxReceiveCount: 2 });

    await sendAll(queue.url, ['good', 'poison', 'fine']);
    const [dead] = await receive(queue.dlqUrl, 1, 20_000);

    expect(dead?.Body).toBe('poison');
    expect(invocations.flatMap(bodies).filter((body) => body === 'poison')).toHaveLength(2);
    expect(invocations.flatMap(bodies).filter((body) => body !== 'poison').sort()).toEqual(['fine', 'good']);
    expect(await depth(queue.url)).toBe(0);
    await queue.close();
  });

  it('deletes nothing when the function throws: the whole batch comes back', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? { status: 200, body: { errorMessage: 'boom' }, headers: { 'x-amz-function-error': 'Unhandled' } } : { status: 200, body: null });
    const queue = await pipeline();

    await sendAll(queue.url, ['a', 'b']);
    await eventually(async () => (invocations.flatMap(bodies).length >= 4 ? true : undefined), 20_000, 'redelivery');

    const retried = invocations.slice(1).flatMap(bodies).sort();
    expect(retried).toEqual(['a', 'b']);
    expect(Number(invocations[1]?.event.Records[0]?.attributes.ApproximateReceiveCount)).toBe(2);
    await queue.close();
  });

  it('treats a malformed failure report as a failed batch, as Lambda does', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? { status: 200, body: { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] } } : { status: 200, body: null });
    const queue = await pipeline();

    await sendAll(queue.url, ['x']);
    await eventually(async () => (invocations.length >= 2 ? true : undefined), 20_000, 'redelivery');

    expect(bodies(invocations[1])).toEqual(['x']);
    await queue.close();
  });
});
