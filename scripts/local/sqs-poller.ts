/**
 * A local stand-in for Lambda's SQS event source mapping, written because serverless-offline-sqs 8
 * deletes the records a handler reports in batchItemFailures (they are lost). Semantics as on AWS:
 * - receive up to batchSize messages (waiting up to maximumBatchingWindow to fill a larger batch);
 * - invoke the function with an SQS event through serverless-offline's Lambda endpoint;
 * - a failed invocation deletes nothing: every record comes back after the visibility timeout;
 * - with ReportBatchItemFailures, delete all but the reported records; a malformed report (unknown
 *   or empty itemIdentifier) fails the whole batch, as Lambda does;
 * - the queue's redrive policy (maxReceiveCount) moves what keeps failing to its DLQ.
 * Under a delivery fault (delivery-faults.ts) it sends a copy of each message it receives back to the
 * queue, so the function gets it twice, in two deliveries, as SQS's at-least-once delivery may do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { deliveryFaults, type DeliveryFaults } from './delivery-faults.ts';

export type EventSourceMapping = {
  functionName: string;
  queue: { name: string; url: string; arn: string };
  batchSize: number;
  /** Seconds to wait for a batch to fill once the first message arrived. */
  maximumBatchingWindow: number;
  reportBatchItemFailures: boolean;
  /** Batches in flight at once. */
  concurrency: number;
};

export type InvokeResult = { ok: true; payload: unknown } | { ok: false; error: string };
export type Invoke = (functionName: string, event: SQSEvent) => Promise<InvokeResult>;
export type PollerLog = { info(message: string): void; warning(message: string): void };

const LONG_POLL_SECONDS = 20;
/** Past its wait, how long a receive may take before it is given up and sent again: an emulator may never answer one. */
const RECEIVE_GRACE_MS = 10_000;

export function startPoller(
  sqs: SQSClient,
  mapping: EventSourceMapping,
  invoke: Invoke,
  region: string,
  log: PollerLog,
  faults: DeliveryFaults = deliveryFaults(undefined),
): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loops = Array.from({ length: mapping.concurrency }, async () => {
    while (!stopping.signal.aborted) {
      try {
        const messages = await receiveBatch(sqs, mapping, stopping.signal);
        if (messages.length > 0 && faults.duplicating()) await sendCopies(sqs, mapping.queue.url, messages);
        if (messages.length > 0) await deliver(sqs, mapping, messages, invoke, region, log);
      } catch (error) {
        if (stopping.signal.aborted) break;
        log.warning(`${mapping.queue.name}: ${(error as Error).message}; polling again in 1 s`);
        await sleep(1000);
      }
    }
  });
  return {
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

async function receiveBatch(sqs: SQSClient, mapping: EventSourceMapping, signal: AbortSignal): Promise<Message[]> {
  const batch = new Map<string, Message>();
  const windowEnds = () => Date.now() + mapping.maximumBatchingWindow * 1000;
  let deadline = Number.POSITIVE_INFINITY;
  while (batch.size < mapping.batchSize && Date.now() < deadline) {
    const waitSeconds = batch.size === 0 ? LONG_POLL_SECONDS : Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: mapping.queue.url,
        MaxNumberOfMessages: Math.min(10, mapping.batchSize - batch.size),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: AbortSignal.any([signal, AbortSignal.timeout(waitSeconds * 1000 + RECEIVE_GRACE_MS)]) },
    );
    // One message never appears twice in a batch, even if an emulator hands it out again.
    for (const message of Messages) if (message.MessageId !== undefined) batch.set(message.MessageId, message);
    if (batch.size === 0) continue;
    if (deadline === Number.POSITIVE_INFINITY) deadline = windowEnds();
    if (Messages.length === 0 || mapping.maximumBatchingWindow === 0) break;
  }
  return [...batch.values()];
}

async function deliver(
  sqs: SQSClient,
  mapping: EventSourceMapping,
  messages: Message[],
  invoke: Invoke,
  region: string,
  log: PollerLog,
): Promise<void> {
  const records = messages.map((message) => toRecord(message, mapping.queue.arn, region));
  const result = await invoke(mapping.functionName, { Records: records });
  const done = succeededRecords(records, result, mapping.reportBatchItemFailures);
  const kept = records.length - done.length;
  if (kept > 0) {
    const reason = result.ok ? 'reported as failed' : `invocation failed: ${firstLine(result.error)}`;
    log.warning(`${mapping.queue.name}: ${kept} of ${records.length} record(s) left for redelivery (${reason})`);
  }
  for (let start = 0; start < done.length; start += 10) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: mapping.queue.url,
        Entries: done.slice(start, start + 10).map((record, index) => ({
          Id: String(index),
          ReceiptHandle: record.receiptHandle,
        })),
      }),
    );
  }
}

/** The attribute that marks a copy sent by a delivery fault: a copy is not copied again. */
export const COPY_OF = 'shopCopyOf';

async function sendCopies(sqs: SQSClient, url: string, messages: Message[]): Promise<void> {
  const copies = copiesOf(messages);
  for (let start = 0; start < copies.length; start += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: copies.slice(start, start + 10) }));
  }
}

/**
 * A second delivery of each message received for the first time that is not itself a copy: its body
 * and attributes, marked as a copy. (A message that failed and comes back is not copied again.)
 */
export function copiesOf(messages: Message[]): SendMessageBatchRequestEntry[] {
  return messages
    .filter(({ MessageAttributes = {}, Attributes = {} }) => MessageAttributes[COPY_OF] === undefined && (Attributes.ApproximateReceiveCount ?? '1') === '1')
    .map((message, index) => ({
      Id: String(index),
      MessageBody: message.Body ?? '',
      MessageAttributes: { ...message.MessageAttributes, [COPY_OF]: { DataType: 'String', StringValue: String(message.MessageId) } },
    }));
}

/** The records that may be deleted, following Lambda's rules for partial batch responses. */
export function succeededRecords(records: SQSRecord[], result: InvokeResult, reportBatchItemFailures: boolean): SQSRecord[] {
  if (!result.ok) return [];
  if (!reportBatchItemFailures) return records;
  const failures = (result.payload as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return records;
  if (!Array.isArray(failures)) return [];
  const ids = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return []; // malformed report: the whole batch failed
    failed.add(id);
  }
  return records.filter((record) => !failed.has(record.messageId));
}

export function toRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: String(message.MessageId),
    receiptHandle: String(message.ReceiptHandle),
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries<SQSMessageAttributes[string]>(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          stringValue: value.StringValue,
          binaryValue: value.BinaryValue === undefined ? undefined : Buffer.from(value.BinaryValue).toString('base64'),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Invokes a function through serverless-offline's Lambda API (the same call the AWS SDK makes). */
export function lambdaInvoker(endpoint: string): Invoke {
  return async (functionName, event) => {
    const response = await fetch(`${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    const text = await response.text();
    if (!response.ok || response.headers.has('x-amz-function-error')) return { ok: false, error: text };
    try {
      return { ok: true, payload: text === '' ? null : JSON.parse(text) };
    } catch {
      return { ok: false, error: `the function answered with invalid JSON: ${text.slice(0, 200)}` };
    }
  };
}

const firstLine = (text: string): string => text.split('\n')[0]?.slice(0, 300) ?? '';
