import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { dynamoDbClient, sqsClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';

/** The SDK clients the tests use to look behind the API, pointed at the stack by global-setup. */
export const sqs = sqsClient();
export const dynamo = dynamoDbClient();
export const documents = documentClient(dynamo);

/** A resource's name in the stack under test, as serverless.yml names it (`shop-<stage>-<suffix>`). */
export const resourceName = (suffix: string): string => `shop-${process.env.SHOP_STAGE ?? 'test'}-${suffix}`;

export async function queueUrl(name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return String(QueueUrl);
}

/** A fresh queue for one test; removed by the returned function. */
export const temporaryQueue = (prefix = 'test') => createdQueue(`${prefix}-${randomUUID()}`);

/**
 * A fresh queue for one test to be answered on (a command's replyTo), named as the services' roles let
 * them answer (`shop-<stage>-*-replies`); removed by the returned function.
 */
export const temporaryReplyQueue = (label: string) => createdQueue(resourceName(`${label}-${randomUUID()}-replies`));

async function createdQueue(name: string): Promise<{ name: string; url: string; remove(): Promise<void> }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = String(QueueUrl);
  return { name, url, remove: async () => void (await sqs.send(new DeleteQueueCommand({ QueueUrl: url }))) };
}

export async function send(queue: string, body: unknown, attributes: Record<string, string> = {}): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: await queueUrl(queue),
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    }),
  );
}

/** Sends several bodies in one call, so they become visible together (and usually share a batch). */
export async function sendBatch(queue: string, bodies: unknown[]): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: await queueUrl(queue),
      Entries: bodies.map((body, index) => ({
        Id: String(index),
        MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
      })),
    }),
  );
}

/** Receives (and leaves in flight) until `count` messages came or `timeoutMs` passed. */
export async function receive(url: string, count: number, timeoutMs = 15_000): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: Math.max(0, Math.min(5, Math.floor((deadline - Date.now()) / 1000))),
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    messages.push(...Messages);
  }
  return messages;
}

/**
 * The messages visible in a queue now, looked at and left there: each is hidden for a second, then
 * visible again. For a queue other tests also use, such as a DLQ, where a test looks for its own.
 */
export async function peek(url: string): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 1, MessageAttributeNames: ['All'] }),
    );
    const fresh = Messages.filter(({ MessageId = '' }) => !seen.has(MessageId));
    if (fresh.length === 0) return [...seen.values()];
    for (const message of fresh) seen.set(message.MessageId ?? '', message);
  }
}

/** Messages in a queue, visible or in flight. */
export async function depth(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A fresh dead-letter queue and `sources` queues whose RedrivePolicy targets it, for one test, named
 * `<prefix>-<id>-dlq` and `<prefix>-<id>-source-<n>`; nothing consumes them. Removed by the returned function.
 */
export async function temporaryDeadLetterQueue(
  prefix: string,
  sources = 1,
  maxReceiveCount = 3,
): Promise<{ dlq: { name: string; url: string }; sources: Array<{ name: string; url: string }>; remove(): Promise<void> }> {
  const base = `${prefix}-${randomUUID().slice(0, 8)}`;
  const create = async (name: string, Attributes?: Record<string, string>) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
    return { name, url: String(QueueUrl) };
  };
  const dlq = await create(`${base}-dlq`);
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.url, AttributeNames: ['QueueArn'] }));
  const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount });
  const sourceQueues = await Promise.all(
    Array.from({ length: sources }, (_, index) => create(`${base}-source-${index + 1}`, { RedrivePolicy })),
  );
  return {
    dlq,
    sources: sourceQueues,
    remove: async () => {
      for (const queue of [...sourceQueues, dlq]) await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }));
    },
  };
}

/**
 * Deletes the messages with these ids from a queue and leaves every other message as it was (visible).
 * Returns how many it found and deleted.
 */
export async function removeMessages(url: string, messageIds: string[]): Promise<number> {
  const wanted = new Set(messageIds);
  const othersSeen = new Set<string>();
  const others: string[] = [];
  let deleted = 0;
  try {
    while (wanted.size > 0) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30 }),
      );
      const fresh = Messages.filter(({ MessageId = '' }) => wanted.has(MessageId) || !othersSeen.has(MessageId));
      if (fresh.length === 0) break;
      for (const { MessageId = '', ReceiptHandle } of Messages) {
        if (wanted.delete(MessageId)) {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle }));
          deleted++;
        } else {
          othersSeen.add(MessageId);
          if (ReceiptHandle !== undefined) others.push(ReceiptHandle);
        }
      }
    }
  } finally {
    for (const ReceiptHandle of others) {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle, VisibilityTimeout: 0 }));
    }
  }
  return deleted;
}
