/**
 * `npm run dlq -- list|show|redrive`: what is in the stage's dead-letter queues, and sending it back.
 * Dead-letter queues are found, not listed here: a queue is one when another queue of the stage names it
 * in its RedrivePolicy. Redrive is plain receive, send, delete (fauxqs has no StartMessageMoveTask), and
 * deletes from the DLQ only what was sent: a failure may duplicate a message, never lose it.
 */
import { connect } from './dlq/connection.ts';
import { deadLetterTable, describeMessage } from './dlq/format.ts';
import { peek, redrive } from '../lib/aws/sqs-dead-letters.ts';
import { deadLetterQueues, findDeadLetterQueue, redriveTarget, stageQueues } from './dlq/queues.ts';
import { parseRequest, type Request } from './dlq/request.ts';
import { exitCodeOf } from './usage-error.ts';

const HELP = `npm run dlq -- <command> [options]
  list                 every dead-letter queue of the stage, its message count and its source queue(s)
  show <dlq>           print the messages of a dead-letter queue without consuming them
  redrive <dlq>        move every message of a dead-letter queue back to its source queue
<dlq> is the queue's full name or the part after shop-<stage>- (e.g. catalog-stock-commands-dlq).

Options:
  --stage <name>       whose queues (shop-<name>-*) to look at (default: local)
  --sqs-port <n>       the local stack's SQS port, as npm start's --sqs-port (default 9324)
  --limit <n>          show: at most n messages (default: 50)
  --to <queue>         redrive: the source queue to send to, needed when the DLQ has several
  --aws                the real AWS account, with the SDK's usual credentials and region
  --help               this text

SQS is the endpoint in AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL when one is set (LocalStack, the tests);
else AWS with --aws; else the local stack of "npm start" at http://127.0.0.1:<--sqs-port>. It says which
before it acts.
Exit code: 0 done, 1 failed (SQS unreachable, a message not moved), 2 wrong usage.`;

async function run(request: Request): Promise<number> {
  const { sqs, endpoint } = await connect(request.stack);
  if (endpoint.notice !== undefined) console.error(endpoint.notice);
  console.error(`dlq: stage ${request.stage}, SQS at ${endpoint.where} (${endpoint.how})`);
  const { where } = endpoint;
  const prefix = `shop-${request.stage}-`;

  let queues;
  try {
    queues = await stageQueues(sqs, prefix);
  } catch (error) {
    if (!isConnectionRefused(error)) throw error;
    throw new Error(`cannot reach SQS at ${where}: is the local stack running ("npm start"), on another port (--sqs-port), or did you mean --aws?`);
  }

  if (request.command === 'list') {
    const dlqs = deadLetterQueues(queues);
    if (dlqs.length === 0) {
      console.log(`No dead-letter queue among the ${queues.length} queue(s) named ${prefix}* at ${where}.`);
    } else {
      console.log(`Dead-letter queues of stage ${request.stage} at ${where}:\n\n${deadLetterTable(dlqs)}`);
    }
    return 0;
  }

  const dlq = findDeadLetterQueue(queues, String(request.queue), prefix);

  if (request.command === 'show') {
    console.log(`${dlq.name}: ${dlq.visible} message(s) visible, ${dlq.inFlight} in flight (those cannot be read now).`);
    const { messages, stillHidden } = await peek(sqs, dlq.url, request.limit);
    for (const message of messages) console.log(`\n${describeMessage(message)}`);
    if (messages.length === request.limit && dlq.visible > request.limit) {
      console.log(`\nShowed the first ${request.limit}; --limit <n> shows more.`);
    }
    if (stillHidden > 0) console.error(`${stillHidden} message(s) could not be made visible again; they will be within 30 s.`);
    return 0;
  }

  const target = redriveTarget(dlq, request.to, prefix);
  // In flight included: a message whose hide has just ended (one `show` read, say) counts as in flight
  // until the queue is next received from, in fauxqs at least. What is really in flight is not received.
  const result = await redrive(sqs, dlq.url, target.url, dlq.visible + dlq.inFlight);
  if (result.moved + result.notSent.length + result.notDeleted.length === 0) {
    console.log(`Nothing to redrive: ${dlq.name} has no visible messages${dlq.inFlight > 0 ? ` (${dlq.inFlight} in flight)` : ''}.`);
    return 0;
  }
  console.log(`Moved ${result.moved} message(s) from ${dlq.name} to ${target.name}.`);
  for (const { messageId, reason } of result.notSent) {
    console.error(`Not sent, still in ${dlq.name}: ${messageId} (${reason})`);
  }
  for (const { messageId, reason } of result.notDeleted) {
    console.error(`Sent to ${target.name} but not deleted from ${dlq.name}, so it will be sent again next time: ${messageId} (${reason})`);
  }
  return result.notSent.length + result.notDeleted.length === 0 ? 0 : 1;
}

function isConnectionRefused(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ECONNREFUSED';
}

process.exitCode = await exitCodeOf('dlq', async () => {
  const request = parseRequest(process.argv.slice(2));
  if (request !== undefined) return run(request);
  console.log(HELP);
  return 0;
});
