import type { SQSRecord } from 'aws-lambda';
import { COPY_OF, copiesOf, succeededRecords, toRecord } from './sqs-poller.ts';

const records = ['a', 'b', 'c'].map((messageId) => ({ messageId }) as SQSRecord);
const ids = (kept: SQSRecord[]) => kept.map((record) => record.messageId);

describe('which records an SQS event source deletes after an invocation', () => {
  it('deletes none when the invocation failed', () => {
    expect(succeededRecords(records, { ok: false, error: 'boom' }, true)).toEqual([]);
    expect(succeededRecords(records, { ok: false, error: 'boom' }, false)).toEqual([]);
  });

  it('deletes all but the reported failures', () => {
    const result = { ok: true as const, payload: { batchItemFailures: [{ itemIdentifier: 'b' }] } };

    expect(ids(succeededRecords(records, result, true))).toEqual(['a', 'c']);
  });

  it('treats an empty or absent report as full success', () => {
    for (const payload of [null, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(ids(succeededRecords(records, { ok: true, payload }, true))).toEqual(['a', 'b', 'c']);
    }
  });

  it('fails the whole batch on a malformed report, as Lambda does', () => {
    for (const failures of [[{ itemIdentifier: '' }], [{ itemIdentifier: 'zzz' }], [{ id: 'a' }], 'a']) {
      expect(succeededRecords(records, { ok: true, payload: { batchItemFailures: failures } }, true)).toEqual([]);
    }
  });

  it('ignores a report unless the function declared ReportBatchItemFailures', () => {
    const result = { ok: true as const, payload: { batchItemFailures: [{ itemIdentifier: 'b' }] } };

    expect(ids(succeededRecords(records, result, false))).toEqual(['a', 'b', 'c']);
  });
});

describe('the SQS event a function receives', () => {
  it('carries the message, its attributes in Lambda\'s shape, the queue ARN and the region', () => {
    const record = toRecord(
      {
        MessageId: 'm-1',
        ReceiptHandle: 'rh',
        Body: '{"x":1}',
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000' },
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'c-1' } },
      },
      'arn:aws:sqs:eu-west-1:000000000000:q',
      'eu-west-1',
    );

    expect(record).toMatchObject({
      messageId: 'm-1',
      receiptHandle: 'rh',
      body: '{"x":1}',
      attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1700000000000' },
      messageAttributes: { correlationId: { dataType: 'String', stringValue: 'c-1', stringListValues: [], binaryListValues: [] } },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:q',
      awsRegion: 'eu-west-1',
    });
  });
});

describe('the copies a delivery fault sends back to the queue', () => {
  it('carry each message\'s body and attributes, marked as a copy of it', () => {
    const copies = copiesOf([{ MessageId: 'm-1', Body: '{"x":1}', MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'c-1' } } }]);

    expect(copies).toEqual([
      {
        Id: '0',
        MessageBody: '{"x":1}',
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'c-1' }, [COPY_OF]: { DataType: 'String', StringValue: 'm-1' } },
      },
    ]);
  });

  it('are made of a message\'s first delivery only, never of a copy, so each message is delivered twice and no more', () => {
    const copy = { MessageId: 'm-2', Body: 'b', MessageAttributes: { [COPY_OF]: { DataType: 'String', StringValue: 'm-1' } } };
    const back = { MessageId: 'm-4', Body: 'd', Attributes: { ApproximateReceiveCount: '2' } };

    expect(copiesOf([copy, { MessageId: 'm-3', Body: 'c', Attributes: { ApproximateReceiveCount: '1' } }, back]).map(({ MessageBody }) => MessageBody)).toEqual(['c']);
  });
});
