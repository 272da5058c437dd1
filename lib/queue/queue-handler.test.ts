import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from '../zod.ts';
import { currentCorrelationId } from '../correlation.ts';
import { queueHandler } from './queue-handler.ts';

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 5000 } as unknown as Context;
const Contract = z.strictObject({ correlationId: z.string(), n: z.int() });

function record(messageId: string, body: string, correlationId?: string): SQSRecord {
  return {
    messageId,
    receiptHandle: 'rh',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: correlationId === undefined ? {} : { correlationId: { dataType: 'String', stringValue: correlationId, stringListValues: [], binaryListValues: [] } },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:q',
    awsRegion: 'eu-west-1',
  };
}

describe('the queue middleware stack', () => {
  it('handles each record with its contract and reports only the ones that failed', async () => {
    const handled: number[] = [];
    const handler = queueHandler(Contract, async ({ n }) => {
      if (n === 3) throw new Error('downstream refused');
      handled.push(n);
    });
    const event: SQSEvent = {
      Records: [
        record('a', '{"correlationId":"c","n":1}'),
        record('b', 'not json'),
        record('c', '{"correlationId":"c","n":3}'),
        record('d', '{"correlationId":"c","n":"4"}'),
        record('e', '{"correlationId":"c","n":5}'),
      ],
    };

    const response = await handler(event, context);

    expect(handled).toEqual([1, 5]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'c' }, { itemIdentifier: 'd' }] });
  });

  it('gives the work the message attribute\'s correlation id, else the envelope\'s', async () => {
    const seen: Array<string | undefined> = [];
    const handler = queueHandler(Contract, async () => {
      seen.push(currentCorrelationId());
    });

    await handler({ Records: [record('a', '{"correlationId":"from-body","n":1}', 'from-attribute'), record('b', '{"correlationId":"from-body","n":2}')] }, context);

    expect(seen).toEqual(['from-attribute', 'from-body']);
  });
});
