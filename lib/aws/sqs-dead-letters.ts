import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * A dead-letter queue's messages, read without consuming them, and sent back to their source queue:
 * one mechanism for `npm run dlq` (scripts/dlq.ts) and the services' admin routes (SqsDeadLetters).
 */
import type { DeadLetter, DeadLetters, RedriveResult } from '../dead-letters.ts';
import { queueState } from './sqs-queue-state.ts';

/** How long a message a peek has read stays hidden if the peek dies before it makes it visible again. */
const SHOW_HIDE_SECONDS = 30;
/**
 * How long a message a peek has read stays hidden once it is done with it. Not 0: fauxqs with
 * its SQLite persistence (npm start's default) fails a ChangeMessageVisibility to 0 and loses track of
 * the message until it restarts, while a non-zero timeout it handles, as AWS does. `show` waits this
 * long before it returns, so the messages are visible again when it has.
 */
const REVEAL_SECONDS = 1;
/** How long a message being redriven stays hidden; one whose send failed comes back after this. */
const REDRIVE_HIDE_SECONDS = 60;
/**
 * Long polling asks every SQS host; a short poll samples some of them and may come back empty while
 * messages wait. One second is enough to tell "empty" without making the command slow.
 */
const WAIT_SECONDS = 1;

function receive(sqs: SQSClient, url: string, max: number, visibilityTimeout: number): Promise<Message[]> {
  return sqs
    .send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, max),
        VisibilityTimeout: visibilityTimeout,
        WaitTimeSeconds: WAIT_SECONDS,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    )
    .then(({ Messages = [] }) => Messages);
}

function chunks<T>(items: T[], size = 10): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/**
 * Up to `limit` messages of a queue, read without consuming them: each is hidden while the queue is
 * paged through (so the next receive returns others), then made visible again (see REVEAL_SECONDS).
 * Reading does count as a receive: ApproximateReceiveCount goes up by one.
 */
export async function peek(sqs: SQSClient, url: string, limit: number): Promise<{ messages: Message[]; stillHidden: number }> {
  const seen = new Map<string, Message>();
  const receiptHandles: string[] = [];
  let stillHidden = 0;
  try {
    while (seen.size < limit) {
      const received = await receive(sqs, url, limit - seen.size, SHOW_HIDE_SECONDS);
      receiptHandles.push(...received.flatMap((message) => message.ReceiptHandle ?? []));
      const fresh = received.filter((message) => message.MessageId !== undefined && !seen.has(message.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) seen.set(String(message.MessageId), message);
    }
  } finally {
    stillHidden = await makeVisible(sqs, url, receiptHandles);
  }
  return { messages: [...seen.values()], stillHidden };
}

/**
 * Makes the messages visible again, and returns once they are; returns how many could not be (they
 * reappear after the hide time).
 */
async function makeVisible(sqs: SQSClient, url: string, receiptHandles: string[]): Promise<number> {
  if (receiptHandles.length === 0) return 0;
  let failed = 0;
  for (const batch of chunks(receiptHandles)) {
    const { Failed = [] } = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: batch.map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle, VisibilityTimeout: REVEAL_SECONDS })),
      }),
    );
    failed += Failed.length;
  }
  await sleep(REVEAL_SECONDS * 1000);
  return failed;
}

/**
 * Moves up to `max` messages from one queue to another, body and message attributes as they were.
 * Each is deleted from `fromUrl` only after its send succeeded, so a failure can duplicate a message
 * but never lose one. `max` is the DLQ's depth when the redrive started: a message that fails again
 * and comes back to the DLQ while the redrive runs is not sent round a second time.
 */
export async function redrive(sqs: SQSClient, fromUrl: string, toUrl: string, max: number): Promise<RedriveResult> {
  const result: RedriveResult = { moved: 0, notSent: [], notDeleted: [] };
  let handled = 0;
  while (handled < max) {
    const received = await receive(sqs, fromUrl, max - handled, REDRIVE_HIDE_SECONDS);
    if (received.length === 0) break;
    handled += received.length;

    const { Successful = [], Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: toUrl,
        Entries: received.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          MessageAttributes: copyAttributes(message.MessageAttributes),
        })),
      }),
    );
    const messageAt = (id: string | undefined): Message => received[Number(id)] ?? {};
    for (const failure of Failed) {
      result.notSent.push({ messageId: String(messageAt(failure.Id).MessageId), reason: String(failure.Message ?? failure.Code) });
    }
    const sent = Successful.map((success) => messageAt(success.Id));
    for (const batch of chunks(sent)) {
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: fromUrl,
          Entries: batch.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      result.moved += deleted.Successful?.length ?? 0;
      for (const failure of deleted.Failed ?? []) {
        const messageId = String(batch[Number(failure.Id)]?.MessageId);
        result.notDeleted.push({ messageId, reason: String(failure.Message ?? failure.Code) });
      }
    }
  }
  return result;
}

/** Received attributes carry list fields SendMessage rejects; only type and value travel on. */
function copyAttributes(attributes: Record<string, MessageAttributeValue> = {}): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, { DataType, StringValue, BinaryValue }]) => [
      name,
      { DataType, ...(StringValue !== undefined && { StringValue }), ...(BinaryValue !== undefined && { BinaryValue }) },
    ]),
  );
}

/**
 * One service's dead-letter queue and the queue its messages came from, found by name (the names its
 * stack gives them). A redrive moves what the DLQ holds when it starts, visible or in flight.
 */
export class SqsDeadLetters implements DeadLetters {
  readonly #sqs: SQSClient;
  readonly #names: { queue: string; dlq: string };
  #urls: Promise<{ queue: string; dlq: string }> | undefined;

  constructor(sqs: SQSClient, names: { queue: string; dlq: string }) {
    this.#sqs = sqs;
    this.#names = names;
  }

  /** An empty DLQ, the usual case, is told by its depth: a receive would long-poll a second first. */
  async peek(limit: number): Promise<DeadLetter[]> {
    const { dlq } = await this.#resolved();
    if ((await this.#held(dlq)) === 0) return [];
    const { messages } = await peek(this.#sqs, dlq, limit);
    return messages.map(deadLetterOf);
  }

  async redrive(): Promise<RedriveResult> {
    const { queue, dlq } = await this.#resolved();
    return redrive(this.#sqs, dlq, queue, await this.#held(dlq));
  }

  /** How many messages the queue holds, visible or in flight. */
  async #held(url: string): Promise<number> {
    const { visible, inFlight } = await queueState(this.#sqs, url);
    return visible + inFlight;
  }

  #resolved(): Promise<{ queue: string; dlq: string }> {
    const url = async (QueueName: string) => String((await this.#sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl);
    this.#urls ??= Promise.all([url(this.#names.queue), url(this.#names.dlq)]).then(([queue, dlq]) => ({ queue, dlq }));
    // A failed lookup is asked again next time rather than kept.
    this.#urls.catch(() => (this.#urls = undefined));
    return this.#urls;
  }
}

function deadLetterOf(message: Message): DeadLetter {
  const sent = message.Attributes?.SentTimestamp;
  return {
    messageId: String(message.MessageId),
    body: message.Body ?? '',
    attributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).flatMap(([name, { StringValue }]) => (StringValue === undefined ? [] : [[name, StringValue]]))),
    sentAt: sent === undefined ? null : new Date(Number(sent)).toISOString(),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  };
}
