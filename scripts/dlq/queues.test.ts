import { ListQueuesCommand, type GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueues, drained, findDeadLetterQueue, redriveTarget, type StageQueue } from './queues.ts';
import { UsageError } from '../usage-error.ts';

const PREFIX = 'shop-test-';
const queue = (suffix: string, deadLetterSuffix?: string): StageQueue => ({
  name: `${PREFIX}${suffix}`,
  url: `http://sqs.local/000000000000/${PREFIX}${suffix}`,
  arn: `arn:aws:sqs:eu-west-1:000000000000:${PREFIX}${suffix}`,
  ...(deadLetterSuffix !== undefined && { deadLetterTargetArn: `arn:aws:sqs:eu-west-1:000000000000:${PREFIX}${deadLetterSuffix}` }),
  visible: 0,
  inFlight: 0,
  delayed: 0,
});

const queues = [
  queue('orders'),
  queue('payments', 'shared-dlq'),
  queue('shipping', 'shared-dlq'),
  queue('stock', 'stock-dlq'),
  queue('shared-dlq'),
  queue('stock-dlq'),
  queue('unused-dlq'),
];

describe('dead-letter queue discovery', () => {
  it('finds the queues some queue names in its RedrivePolicy, with those sources, and no others', () => {
    const found = deadLetterQueues(queues).map((dlq) => [dlq.name, dlq.sources.map((source) => source.name)]);

    expect(found).toEqual([
      ['shop-test-shared-dlq', ['shop-test-payments', 'shop-test-shipping']],
      ['shop-test-stock-dlq', ['shop-test-stock']],
    ]);
  });

  it('takes a queue by its full name or by the part after the stage prefix', () => {
    expect(findDeadLetterQueue(queues, 'stock-dlq', PREFIX).name).toBe('shop-test-stock-dlq');
    expect(findDeadLetterQueue(queues, 'shop-test-stock-dlq', PREFIX).name).toBe('shop-test-stock-dlq');
  });

  it('refuses an unknown queue and a queue nothing sends its failures to', () => {
    expect(() => findDeadLetterQueue(queues, 'nothing', PREFIX)).toThrow(UsageError);
    expect(() => findDeadLetterQueue(queues, 'nothing', PREFIX)).toThrow('no queue named shop-test-nothing');
    expect(() => findDeadLetterQueue(queues, 'unused-dlq', PREFIX)).toThrow(/shop-test-unused-dlq is not a dead-letter queue/);
  });
});

describe('redrive target', () => {
  const dlqNamed = (suffix: string) => findDeadLetterQueue(queues, suffix, PREFIX);
  const [shared, stock] = [dlqNamed('shared-dlq'), dlqNamed('stock-dlq')];

  it("is the DLQ's only source queue when it has one", () => {
    expect(redriveTarget(stock, undefined, PREFIX).name).toBe('shop-test-stock');
  });

  it('must be named with --to when several queues send to the DLQ, and must be one of them', () => {
    expect(redriveTarget(shared, 'shipping', PREFIX).name).toBe('shop-test-shipping');
    expect(() => redriveTarget(shared, undefined, PREFIX)).toThrow(
      'shop-test-shared-dlq is the dead-letter queue of shop-test-payments, shop-test-shipping: say which with --to <queue>',
    );
    expect(() => redriveTarget(shared, 'orders', PREFIX)).toThrow('--to shop-test-orders is not a source of shop-test-shared-dlq');
  });
});

describe('waiting for the queues to drain', () => {
  type Depth = { visible?: number; inFlight?: number; delayed?: number };
  /** An SQS of a queue `stock` with its DLQ `stock-dlq`, and `replies`: each look (a ListQueues) reads their depths from `depthsAt(look)`. */
  function sqsOf(depthsAt: (look: number) => Record<string, Depth>): { sqs: SQSClient; looks: () => number } {
    let looks = 0;
    const arn = (name: string) => `arn:aws:sqs:eu-west-1:000000000000:${name}`;
    const send = (command: ListQueuesCommand | GetQueueAttributesCommand) => {
      if (command instanceof ListQueuesCommand) {
        looks++;
        return Promise.resolve({ QueueUrls: ['stock', 'stock-dlq', 'replies'].map((name) => `http://sqs.local/000000000000/${PREFIX}${name}`) });
      }
      const name = String(command.input.QueueUrl).slice(String(command.input.QueueUrl).lastIndexOf('/') + 1);
      const { visible = 0, inFlight = 0, delayed = 0 } = depthsAt(looks)[name.slice(PREFIX.length)] ?? {};
      const redrive = name === `${PREFIX}stock` ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn(`${PREFIX}stock-dlq`) }) } : {};
      const depths = { ApproximateNumberOfMessages: String(visible), ApproximateNumberOfMessagesNotVisible: String(inFlight), ApproximateNumberOfMessagesDelayed: String(delayed) };
      return Promise.resolve({ Attributes: { QueueArn: arn(name), ...redrive, ...depths } });
    };
    return { sqs: { send } as unknown as SQSClient, looks: () => looks };
  }

  it('waits for the queues, delayed messages included, to stay empty, whatever the dead-letter queues and the ignored ones hold', async () => {
    const { sqs, looks } = sqsOf((look) => ({ stock: { delayed: look < 3 ? 1 : 0 }, 'stock-dlq': { visible: 2 }, replies: { visible: 5, inFlight: 1 } }));

    await drained(sqs, PREFIX, { withinMs: 10_000, quietMs: 1, ignore: [`${PREFIX}replies`] });

    // Empty from the third look on, and still empty at the next.
    expect(looks()).toBe(4);
  });

  it('waits for the dead-letter queues to hold what they must, when told what that is', async () => {
    const { sqs, looks } = sqsOf((look) => ({ 'stock-dlq': { inFlight: look < 2 ? 0 : 1 } }));

    await drained(sqs, PREFIX, { withinMs: 10_000, quietMs: 0, deadLetters: (dlqs) => dlqs.every((dlq) => dlq.visible + dlq.inFlight >= 1) });

    expect(looks()).toBe(2);
  });

  it('gives up once its time has passed', async () => {
    const { sqs } = sqsOf(() => ({ stock: { visible: 1 } }));
    const started = Date.now();

    await drained(sqs, PREFIX, { withinMs: 600, quietMs: 0 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});
