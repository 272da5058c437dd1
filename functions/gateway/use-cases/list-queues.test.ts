import { InMemoryServiceRegistry } from '../../../lib/testing/in-memory-registry.ts';
import { InMemoryQueueGauge } from '../testing/in-memory-queue-gauge.ts';
import { describeQueueGaugeContract } from '../testing/queue-gauge.contract.ts';
import { listQueues } from './list-queues.ts';

describeQueueGaugeContract('the in-memory queue gauge', async () => {
  const gauge = new InMemoryQueueGauge();
  gauge.set('busy', { visible: 2, inFlight: 1, deadLetter: { name: 'busy-dlq', visible: 1, inFlight: 0 } });
  gauge.set('lonely', { visible: 0, inFlight: 0, deadLetter: null });
  return { gauge, busy: 'busy', deadLetterName: 'busy-dlq', lonely: 'lonely' };
});

describe("listing the stage's queues", () => {
  it('gives every queue a service publishes its depth and its DLQ’s, and skips services without queues', async () => {
    const directory = new InMemoryServiceRegistry({
      'catalog/url': 'http://api.local',
      'catalog/queues/stock-commands/url': 'http://sqs.local/stock',
      'orders/queues/replies/url': 'http://sqs.local/replies',
      'users/url': 'http://api.local',
    });
    const gauge = new InMemoryQueueGauge();
    gauge.set('http://sqs.local/stock', { visible: 3, inFlight: 1, deadLetter: { name: 'stock-dlq', visible: 2, inFlight: 0 } });
    gauge.set('http://sqs.local/replies', { visible: 0, inFlight: 0, deadLetter: null });

    expect(await listQueues({ directory, gauge })).toEqual([
      { service: 'catalog', name: 'stock-commands', visible: 3, inFlight: 1, deadLetter: { name: 'stock-dlq', visible: 2, inFlight: 0 } },
      { service: 'orders', name: 'replies', visible: 0, inFlight: 0, deadLetter: null },
    ]);
  });
});
