import { GetQueueUrlCommand, SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import { DEFERRALS_ATTRIBUTE, type Requeue } from '../queue/retry-later.ts';

/**
 * Sends a record back to the queue it came from (named by its eventSourceARN) as a new message with a
 * delay: the same body and attributes, its deferrals counted. The record itself then succeeds and is
 * deleted, so the wait uses up none of its receives; a crash between the two leaves both, which the
 * consumer's idempotency makes harmless.
 */
export function sqsRequeue(sqs: SQSClient): Requeue {
  const urls = new Map<string, Promise<string>>();
  const urlOf = (arn: string): Promise<string> => {
    let url = urls.get(arn);
    if (url === undefined) {
      const name = arn.split(':').at(-1) ?? '';
      url = sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => {
        if (QueueUrl === undefined) throw new Error(`No URL for queue ${name}`);
        return QueueUrl;
      });
      url.catch(() => urls.delete(arn));
      urls.set(arn, url);
    }
    return url;
  };

  return async (record, delaySeconds, deferrals) => {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(record.messageAttributes)) {
      if (value.stringValue !== undefined) attributes[name] = { DataType: value.dataType, StringValue: value.stringValue };
    }
    attributes[DEFERRALS_ATTRIBUTE] = { DataType: 'Number', StringValue: String(deferrals) };
    await sqs.send(new SendMessageCommand({ QueueUrl: await urlOf(record.eventSourceARN), MessageBody: record.body, DelaySeconds: delaySeconds, MessageAttributes: attributes }));
  };
}
