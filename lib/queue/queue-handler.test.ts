import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from '../zod.ts';
import { currentCorrelationId } from '../correlation.ts';
import { queueHandler } from './queue-handler.ts';
import { deferralDelay, RetryLaterError } from './retry-later.ts';

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

  it('keeps concurrent invocations apart: each reports its own failures and handles its own records', async () => {
    // serverless-offline runs every function in one process, so one module's handler takes several batches at once.
    const handled: number[] = [];
    let release = () => {};
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    const handler = queueHandler(Contract, async ({ n }) => {
      if (n === 1) await slowFirst;
      handled.push(n);
    });

    const first = handler({ Records: [record('a', '{"correlationId":"c","n":1}'), record('poison', '{"poison":true}')] }, context);
    const second = handler({ Records: [record('b', '{"correlationId":"c","n":2}')] }, context);
    const secondResponse = await second;
    release();

    expect(await first).toEqual({ batchItemFailures: [{ itemIdentifier: 'poison' }] });
    expect(secondResponse).toEqual({ batchItemFailures: [] });
    expect(handled.sort()).toEqual([1, 2]);
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

describe('a record whose work must wait', () => {
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

  it('is sent back to wait, with its deferrals counted, and does not fail while its time lasts', async () => {
    const requeued: Array<{ messageId: string; delaySeconds: number; deferrals: number }> = [];
    const handler = queueHandler(
      Contract,
      async () => {
        throw new RetryLaterError(new Error('provider down'), later(600));
      },
      { deferral: { requeue: async (record, delaySeconds, deferrals) => void requeued.push({ messageId: record.messageId, delaySeconds, deferrals }), pace: { firstSeconds: 4, maxSeconds: 60 } } },
    );

    const response = await handler({ Records: [record('a', '{"correlationId":"c","n":1}')] }, context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(requeued).toEqual([{ messageId: 'a', delaySeconds: expect.any(Number) as number, deferrals: 1 }]);
    expect(requeued[0]?.delaySeconds).toBeGreaterThanOrEqual(3);
    expect(requeued[0]?.delaySeconds).toBeLessThanOrEqual(5);
  });

  it('fails as any other once its time is past, or when its consumer sends nothing back', async () => {
    const requeued: string[] = [];
    const requeue = async (record: SQSRecord) => void requeued.push(record.messageId);
    // n 1 must wait; n 2 is handled, so that the batch does not fail whole.
    const work = (until: Date) => async ({ n }: { n: number }) => {
      if (n === 1) throw new RetryLaterError(new Error('provider down'), until);
    };
    const past = queueHandler(Contract, work(later(-1)), { deferral: { requeue, pace: { firstSeconds: 4, maxSeconds: 60 } } });
    const noDeferral = queueHandler(Contract, work(later(600)));
    const batch = (id: string) => ({ Records: [record(id, '{"correlationId":"c","n":1}'), record('ok', '{"correlationId":"c","n":2}')] });

    expect(await past(batch('a'), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(await noDeferral(batch('b'), context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(requeued).toEqual([]);
  });
});

describe('how long a deferred record waits', () => {
  const pace = { firstSeconds: 5, maxSeconds: 900 };

  it('doubles from the first wait at each deferral, never past its time left nor past what SQS allows, and at least a second', () => {
    const middle = () => 0.5;

    expect([0, 1, 2, 3].map((deferrals) => deferralDelay(deferrals, pace, 10_000, middle))).toEqual([5, 10, 20, 40]);
    expect(deferralDelay(3, pace, 12.5, middle)).toBe(12);
    expect(deferralDelay(30, { firstSeconds: 5, maxSeconds: 10_000 }, 100_000, middle)).toBe(900);
    expect(deferralDelay(0, pace, 0.2, middle)).toBe(1);
  });

  it('never waits longer than its longest wait, so a provider back before the deadline is tried again before it', () => {
    expect([4, 5, 6, 20].map((deferrals) => deferralDelay(deferrals, { firstSeconds: 5, maxSeconds: 30 }, 10_000, () => 0.999))).toEqual([30, 30, 30, 30]);
  });

  it('spreads records deferred together by a quarter either way', () => {
    expect(deferralDelay(2, pace, 10_000, () => 0)).toBe(15);
    expect(deferralDelay(2, pace, 10_000, () => 0.999)).toBe(25);
  });
});
