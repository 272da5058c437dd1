import { setTimeout as sleep } from 'node:timers/promises';
import { ListQueuesCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';
import { queueState, type QueueState } from '../../lib/aws/sqs-queue-state.ts';
import { UsageError } from '../usage-error.ts';

export type StageQueue = QueueState & { name: string; url: string };

export type DeadLetterQueue = StageQueue & { sources: StageQueue[] };

/** Every queue whose name starts with `prefix`, with what the DLQ commands need to know about it. */
export async function stageQueues(sqs: SQSClient, prefix: string): Promise<StageQueue[]> {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken }));
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);

  const queues = await Promise.all(urls.map((url) => describeQueue(sqs, url)));
  return queues.filter((queue) => queue !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

async function describeQueue(sqs: SQSClient, url: string): Promise<StageQueue | undefined> {
  try {
    return { name: url.slice(url.lastIndexOf('/') + 1), url, ...(await queueState(sqs, url)) };
  } catch (error) {
    // Deleted between ListQueues and now: it is not there any more.
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
}

/** The queues that some queue names as its dead-letter target, each with those source queues. */
export function deadLetterQueues(queues: StageQueue[]): DeadLetterQueue[] {
  return queues
    .map((queue) => ({ ...queue, sources: queues.filter((source) => source.deadLetterTargetArn === queue.arn) }))
    .filter((queue) => queue.sources.length > 0);
}

export type Drain = {
  /** How long the queues may take to empty before the wait gives up on them. */
  withinMs: number;
  /** Empty this long, so that a message between two sends is not taken for the end. */
  quietMs: number;
  /** Queues left out, by name, besides the dead-letter queues. */
  ignore?: readonly string[];
  /** What must hold of the dead-letter queues too (nothing, unless given). */
  deadLetters?: (dlqs: DeadLetterQueue[]) => boolean;
};

/**
 * Until every queue of the stage but its dead-letter queues (and those `ignore` names) has been empty
 * for `quietMs`, delayed messages included, and `deadLetters` holds; or until `withinMs` has passed.
 */
export async function drained(sqs: SQSClient, prefix: string, { withinMs, quietMs, ignore = [], deadLetters = () => true }: Drain): Promise<void> {
  const deadline = Date.now() + withinMs;
  let quietSince: number | undefined;
  while (Date.now() < deadline) {
    const queues = await stageQueues(sqs, prefix);
    const dlqs = deadLetterQueues(queues);
    const working = queues.filter(({ name }) => !ignore.includes(name) && !dlqs.some((dlq) => dlq.name === name));
    const quiet = working.every(({ visible, inFlight, delayed }) => visible + inFlight + delayed === 0) && deadLetters(dlqs);
    quietSince = quiet ? (quietSince ?? Date.now()) : undefined;
    if (quietSince !== undefined && Date.now() - quietSince >= quietMs) return;
    await sleep(250);
  }
}

/** A queue of the stage by its full name or by the part after the prefix (`catalog-stock-commands-dlq`). */
export function findQueue(queues: StageQueue[], wanted: string, prefix: string): StageQueue {
  const name = wanted.startsWith(prefix) ? wanted : `${prefix}${wanted}`;
  const queue = queues.find((candidate) => candidate.name === name);
  if (queue === undefined) throw new UsageError(`no queue named ${name}`);
  return queue;
}

export function findDeadLetterQueue(queues: StageQueue[], wanted: string, prefix: string): DeadLetterQueue {
  const queue = findQueue(queues, wanted, prefix);
  const dlq = deadLetterQueues(queues).find((candidate) => candidate.name === queue.name);
  if (dlq === undefined) {
    throw new UsageError(`${queue.name} is not a dead-letter queue (no ${prefix}* queue names it in its RedrivePolicy)`);
  }
  return dlq;
}

/** Where a redrive sends the messages: the DLQ's one source, or the one `--to` names among several. */
export function redriveTarget(dlq: DeadLetterQueue, to: string | undefined, prefix: string): StageQueue {
  const names = dlq.sources.map((source) => source.name).join(', ');
  if (to === undefined) {
    const [only, ...others] = dlq.sources;
    if (only === undefined || others.length > 0) {
      throw new UsageError(`${dlq.name} is the dead-letter queue of ${names}: say which with --to <queue>`);
    }
    return only;
  }
  const name = to.startsWith(prefix) ? to : `${prefix}${to}`;
  const target = dlq.sources.find((source) => source.name === name);
  if (target === undefined) throw new UsageError(`--to ${name} is not a source of ${dlq.name} (its sources: ${names})`);
  return target;
}
