import { deadLetterQueues, findDeadLetterQueue, redriveTarget, type StageQueue } from './queues.ts';
import { UsageError } from '../usage-error.ts';

const PREFIX = 'shop-test-';
const queue = (suffix: string, deadLetterSuffix?: string): StageQueue => ({
  name: `${PREFIX}${suffix}`,
  url: `http://sqs.local/000000000000/${PREFIX}${suffix}`,
  arn: `arn:aws:sqs:eu-west-1:000000000000:${PREFIX}${suffix}`,
  ...(deadLetterSuffix !== undefined && { deadLetterTargetArn: `arn:aws:sqs:eu-west-1:000000000000:${PREFIX}${deadLetterSuffix}` }),
  visible: 0,
  inFlight: 0,
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
