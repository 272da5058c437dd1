import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../lib/aws/clients.ts';
import { ANY_PORTS, launchStack, START_TIMEOUT_MS, STOP_GRACE_MS, type Endpoints, type LaunchedStack } from '../../scripts/local/launch.ts';
import { depth, queueUrl, receive, removeMessages, resourceName, sqs, temporaryDeadLetterQueue } from '../support/aws.ts';

const ROOT = resolve(__dirname, '../..');
const STAGE = process.env.SHOP_STAGE ?? 'test';
const PREFIX = `shop-${STAGE}-`;

type Run = { code: number | null; stdout: string; stderr: string };

/** The real command, as `npm run dlq` runs it, pointed at the stack under test by the environment. */
function dlq(args: string[], env: NodeJS.ProcessEnv = process.env, stage = STAGE): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['scripts/dlq.ts', ...args, '--stage', stage], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

async function seed(url: string, body: string, attributes: Record<string, string> = {}): Promise<string> {
  const { MessageId } = await sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: body,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    }),
  );
  return String(MessageId);
}

/** The part of `show`'s output about one message (its lines up to the next blank line). */
function shown(stdout: string, messageId: string): string {
  const block = stdout.split('\n\n').find((part) => new RegExp(`^id: +${messageId}$`, 'm').test(part));
  return block ?? `(message ${messageId} is not in the output:\n${stdout})`;
}

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

/** A row of `list`'s table. */
const row = (dlqName: string, count: string, sources: string): RegExp => new RegExp(`^${dlqName} +${count} +${sources}$`);

describe('npm run dlq', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A DLQ of our own with `sources` queues sending to it, named shop-<stage>-dlq-cli-... so list finds it. */
  async function ownDeadLetterQueue(sources = 1) {
    const queues = await temporaryDeadLetterQueue(resourceName('dlq-cli'), sources);
    cleanups.push(() => queues.remove());
    return queues;
  }

  it('lists each dead-letter queue of the stage with its messages, in flight included, and its source queues', async () => {
    const single = await ownDeadLetterQueue(1);
    const forked = await ownDeadLetterQueue(2);
    await seed(single.dlq.url, 'first');
    await seed(single.dlq.url, 'second');
    await receive(single.dlq.url, 1); // one of the two is now in flight

    const { code, stdout } = await dlq(['list']);

    expect(code).toBe(0);
    const rows = stdout.split('\n');
    const singleSource = present(single.sources[0]).name;
    const [forkedFirst, forkedSecond] = forked.sources.map((source) => source.name);
    expect(rows).toContainEqual(expect.stringMatching(row(single.dlq.name, '2', singleSource)));
    expect(rows).toContainEqual(expect.stringMatching(row(forked.dlq.name, '0', `${forkedFirst}, ${forkedSecond}`)));
    expect(rows).toContainEqual(
      expect.stringMatching(row(resourceName('catalog-stock-commands-dlq'), '\\d+', resourceName('catalog-stock-commands'))),
    );
    // A source queue is not a dead-letter queue.
    expect(rows.filter((line) => line.startsWith(singleSource))).toEqual([]);
  });

  it("shows the catalog DLQ's messages with their attributes and body, and leaves them in the queue", async () => {
    const catalogDlq = await queueUrl(resourceName('catalog-stock-commands-dlq'));
    const depthBefore = await depth(catalogDlq);
    const marker = randomUUID();
    // Not a valid stock command, should anything ever send it back to the catalog.
    const jsonId = await seed(catalogDlq, JSON.stringify({ type: 'ReserveStock', version: 1, marker }), {
      correlationId: `dlq-show-${marker}`,
      type: 'ReserveStock',
    });
    const rawId = await seed(catalogDlq, `not json ${marker}`);
    const ours = [jsonId, rawId];
    cleanups.push(() => removeMessages(catalogDlq, ours));

    const first = await dlq(['show', 'catalog-stock-commands-dlq']);
    const again = await dlq(['show', resourceName('catalog-stock-commands-dlq')]);

    expect(first.code).toBe(0);
    const json = shown(first.stdout, jsonId);
    expect(json).toMatch(/^receive count: +1$/m);
    expect(json).toMatch(/^sent: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
    expect(json).toMatch(new RegExp(`^correlationId: +dlq-show-${marker}$`, 'm'));
    expect(json).toMatch(/^type: +ReserveStock$/m);
    expect(json).toContain(`body:\n  {\n    "type": "ReserveStock",\n    "version": 1,\n    "marker": "${marker}"\n  }`);
    const raw = shown(first.stdout, rawId);
    expect(raw).toContain(`body:\n  not json ${marker}`);
    expect(raw).not.toMatch(/^(correlationId|type):/m);
    // Still there and visible: the second look finds the message again, one receive later.
    expect(again.code).toBe(0);
    expect(shown(again.stdout, jsonId)).toMatch(/^receive count: +2$/m);
    expect(shown(again.stdout, rawId)).toMatch(/^receive count: +2$/m);
    // ...and our two can still be taken out, leaving the DLQ as the other tests expect it.
    expect(await removeMessages(catalogDlq, ours.splice(0))).toBe(2);
    expect(await depth(catalogDlq)).toBe(depthBefore);
  });

  it('shows no more than --limit messages and says there are more', async () => {
    const { dlq: deadLetters } = await ownDeadLetterQueue();
    for (const body of ['one', 'two', 'three']) await seed(deadLetters.url, body);

    const { code, stdout } = await dlq(['show', deadLetters.name, '--limit', '2']);

    expect(code).toBe(0);
    expect(stdout.match(/^id: /gm)).toHaveLength(2);
    expect(stdout).toContain('Showed the first 2; --limit <n> shows more.');
    // All three still there, and visible: a look at more of them finds every one.
    const all = await dlq(['show', deadLetters.name, '--limit', '10']);
    expect(all.stdout.match(/^id: /gm)).toHaveLength(3);
  });

  it('redrives every message to the source queue with its body and attributes, and empties the DLQ', async () => {
    const { dlq: deadLetters, sources } = await ownDeadLetterQueue();
    const source = present(sources[0]);
    const sent = Array.from({ length: 12 }, (_, index) => ({ body: JSON.stringify({ index }), correlationId: `redrive-${index}` }));
    for (const { body, correlationId } of sent) await seed(deadLetters.url, body, { correlationId, type: 'Test' });

    const { code, stdout } = await dlq(['redrive', deadLetters.name.slice(PREFIX.length)]);

    expect(code).toBe(0);
    expect(stdout).toContain(`Moved 12 message(s) from ${deadLetters.name} to ${source.name}.`);
    expect(await depth(deadLetters.url)).toBe(0);
    const arrived = await receive(source.url, 12, 5_000);
    const asSent = arrived.map((message) => ({
      body: message.Body,
      correlationId: message.MessageAttributes?.correlationId?.StringValue,
      type: message.MessageAttributes?.type?.StringValue,
    }));
    const byBody = (a: { body?: string }, b: { body?: string }) => String(a.body).localeCompare(String(b.body));
    expect(asSent.sort(byBody)).toEqual(sent.map((message) => ({ ...message, type: 'Test' })).sort(byBody));
    expect(await depth(source.url)).toBe(12);
  });

  it('asks which source queue to redrive to when several send to the DLQ, and uses the one --to names', async () => {
    const { dlq: deadLetters, sources } = await ownDeadLetterQueue(2);
    const [first, second] = [present(sources[0]), present(sources[1])];
    await seed(deadLetters.url, 'one');
    await seed(deadLetters.url, 'two');

    const refused = await dlq(['redrive', deadLetters.name]);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${deadLetters.name} is the dead-letter queue of ${first.name}, ${second.name}: say which with --to <queue>`);
    expect(await depth(deadLetters.url)).toBe(2);

    const moved = await dlq(['redrive', deadLetters.name, '--to', second.name.slice(PREFIX.length)]);

    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`Moved 2 message(s) from ${deadLetters.name} to ${second.name}.`);
    expect([await depth(deadLetters.url), await depth(first.url), await depth(second.url)]).toEqual([0, 0, 2]);
  });

  it.each([
    [['purge', 'catalog-stock-commands-dlq'], 'unknown command "purge" (expected list, show, redrive)'],
    [['show'], 'show needs the dead-letter queue to show'],
    [['show', 'no-such-queue'], `no queue named ${PREFIX}no-such-queue`],
    [['redrive', 'catalog-stock-commands'], `${PREFIX}catalog-stock-commands is not a dead-letter queue`],
    [['redrive', 'catalog-stock-commands-dlq', '--to', 'no-such-queue'], `--to ${PREFIX}no-such-queue is not a source of`],
    [['show', 'catalog-stock-commands-dlq', '--limit', '0'], '--limit must be a whole number above 0, not "0"'],
    [['list', '--force'], "Unknown option '--force'"],
  ])('refuses `dlq %j` with exit code 2 and one line saying why', async (args, why) => {
    const { code, stdout, stderr } = await dlq(args);

    expect(code).toBe(2);
    expect(stderr).toContain(why);
    // Besides the line saying where it looked, when it had to look to find out.
    expect(stderr.trimEnd().split('\n').filter((line) => !line.startsWith(`dlq: stage ${STAGE}, SQS at `))).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('says which stage and which SQS it acts on, and why there, before it acts', async () => {
    const { code, stdout, stderr } = await dlq(['list']);

    expect(code).toBe(0);
    expect(stderr).toBe(`dlq: stage ${STAGE}, SQS at ${process.env.AWS_ENDPOINT_URL_SQS} (from AWS_ENDPOINT_URL_SQS)\n`);
    expect(stdout).toContain(`Dead-letter queues of stage ${STAGE}`);
  });

  it('acts on the local stack whose SQS port --sqs-port names, as npm start names it', async () => {
    const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_SQS: _s, ...withoutEndpoints } = process.env;
    const port = new URL(String(process.env.AWS_ENDPOINT_URL_SQS)).port;

    const { code, stdout, stderr } = await dlq(['list', '--sqs-port', port], withoutEndpoints);

    expect(code).toBe(0);
    expect(stderr).toBe(`dlq: stage ${STAGE}, SQS at http://127.0.0.1:${port} (--sqs-port)\n`);
    expect(stdout.split('\n')).toContainEqual(expect.stringMatching(row(resourceName('catalog-stock-commands-dlq'), '\\d+', resourceName('catalog-stock-commands'))));
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await dlq(['--help']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^npm run dlq -- <command> \[options\]$/m);
    expect(stdout).toMatch(/^ +redrive <dlq> +move every message/m);
  });

  it('says which endpoint it could not reach, and exits 1', async () => {
    const { code, stderr } = await dlq(['list'], { ...process.env, AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1' });

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `dlq: stage ${STAGE}, SQS at http://127.0.0.1:1 (from AWS_ENDPOINT_URL_SQS)`,
      'dlq: cannot reach SQS at http://127.0.0.1:1: is the local stack running ("npm start"), on another port (--sqs-port), or did you mean --aws?',
    ]);
  });
});

/**
 * npm start keeps the SQS emulator's messages on disk (fauxqs with SQLite), which treats some visibility
 * changes differently from the in-memory emulator the other tests use: so a stack of its own, persistent.
 */
describe('npm run dlq on a stack that keeps its data', () => {
  const stage = `dlq-kept-${process.pid}`;
  const dataDir = join(ROOT, '.local', stage);
  const { AWS_ENDPOINT_URL: _a, AWS_ENDPOINT_URL_DYNAMODB: _d, AWS_ENDPOINT_URL_SQS: _s, ...cleanEnv } = process.env;
  let stack: LaunchedStack;
  let endpoints: Endpoints;
  let persistentSqs: SQSClient;

  beforeAll(async () => {
    stack = launchStack({
      root: ROOT,
      args: ['--stage', stage, ...ANY_PORTS],
      env: cleanEnv,
      logFile: join(tmpdir(), `shop-${stage}.log`),
      readyFile: join(tmpdir(), `shop-${stage}.json`),
    });
    endpoints = await stack.ready;
    persistentSqs = sqsClient({ region: endpoints.region }, { AWS_ENDPOINT_URL_SQS: endpoints.sqs });
    // Past the launcher's own limit, which then fails the start saying why.
  }, START_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    persistentSqs?.destroy();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, STOP_GRACE_MS + 30_000);

  const envOfStack = () => ({ ...cleanEnv, AWS_ENDPOINT_URL_SQS: endpoints.sqs, AWS_REGION: endpoints.region });
  const counts = async (url: string) => {
    const { Attributes = {} } = await persistentSqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { visible: Number(Attributes.ApproximateNumberOfMessages), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible) };
  };

  it('shows the messages again and again, leaves them visible, and a redrive after it moves them all', async () => {
    const dlqName = `shop-${stage}-catalog-stock-commands-dlq`;
    const { QueueUrl = '' } = await persistentSqs.send(new GetQueueUrlCommand({ QueueName: dlqName }));
    const ids: string[] = [];
    for (const body of ['kept-one', 'kept-two']) {
      const { MessageId } = await persistentSqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
      ids.push(String(MessageId));
    }

    const first = await dlq(['show', 'catalog-stock-commands-dlq'], envOfStack(), stage);
    const second = await dlq(['show', 'catalog-stock-commands-dlq'], envOfStack(), stage);
    const redriven = await dlq(['redrive', 'catalog-stock-commands-dlq'], envOfStack(), stage);

    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`dlq: stage ${stage}, SQS at ${endpoints.sqs} (from AWS_ENDPOINT_URL_SQS)\n`);
    for (const id of ids) expect(shown(first.stdout, id)).toMatch(/^receive count: +1$/m);
    expect(second.code).toBe(0);
    for (const id of ids) expect(shown(second.stdout, id)).toMatch(/^receive count: +2$/m);
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toContain(`Moved 2 message(s) from ${dlqName} to shop-${stage}-catalog-stock-commands.`);
    expect(await counts(QueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });
});
