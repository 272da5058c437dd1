import type { Message } from '@aws-sdk/client-sqs';
import { CORRELATION_ATTRIBUTE } from '../../lib/correlation.ts';
import type { DeadLetterQueue } from './queues.ts';

/** One row per DLQ: its name, its messages (visible and in flight) and the queues that send to it. */
export function deadLetterTable(dlqs: DeadLetterQueue[]): string {
  const rows = [
    ['DEAD-LETTER QUEUE', 'MESSAGES', 'SOURCE QUEUES'],
    ...dlqs.map((dlq) => [dlq.name, String(dlq.visible + dlq.inFlight), dlq.sources.map((source) => source.name).join(', ')]),
  ];
  const width = (column: number) => Math.max(...rows.map((row) => row[column]?.length ?? 0));
  return rows
    .map(([name = '', count = '', sources = '']) => `${name.padEnd(width(0))}  ${count.padStart(width(1))}  ${sources}`)
    .join('\n');
}

/** A message as `show` prints it: its identity and history, the attributes we set, then the body. */
export function describeMessage(message: Message): string {
  const attributes = message.MessageAttributes ?? {};
  const system = message.Attributes ?? {};
  const sent = Number(system.SentTimestamp);
  const lines: Array<[string, string | undefined]> = [
    ['id', message.MessageId],
    ['receive count', system.ApproximateReceiveCount],
    ['sent', Number.isFinite(sent) ? new Date(sent).toISOString() : undefined],
    [CORRELATION_ATTRIBUTE, attributes[CORRELATION_ATTRIBUTE]?.StringValue],
    ['type', attributes.type?.StringValue],
  ];
  return [
    ...lines.filter((line): line is [string, string] => line[1] !== undefined).map(([label, value]) => `${`${label}:`.padEnd(15)}${value}`),
    'body:',
    indent(prettyBody(message.Body ?? '')),
  ].join('\n');
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const indent = (text: string): string => text.replace(/^/gm, '  ');
