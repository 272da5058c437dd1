import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { sendBatch, sqs, temporaryQueue } from '../../../test/support/aws.ts';
import { SqsSagaBacklog } from './sqs-saga-backlog.ts';

describe('the saga backlog read from SQS, against fauxqs', () => {
  it('says the saga is overloaded once its queues together hold more than the limit, reading them again after a few seconds', async () => {
    const [first, second] = await Promise.all([temporaryQueue('backlog'), temporaryQueue('backlog')]);
    try {
      const clock = new ManualClock('2026-12-01T10:00:00.000Z');
      const backlog = new SqsSagaBacklog(sqs, async () => [first.url, second.url], 4, clock);
      await sendBatch(first.name, ['a', 'b', 'c']);

      const under = await backlog.overloaded();
      await sendBatch(second.name, ['d', 'e']);
      const stillCached = await backlog.overloaded();
      clock.advanceSeconds(5);
      const over = await backlog.overloaded();

      expect([under, stillCached, over]).toEqual([false, false, true]);
    } finally {
      await Promise.all([first.remove(), second.remove()]);
    }
  });
});
