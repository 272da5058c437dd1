import { randomUUID } from 'node:crypto';
import type { StockAnswer } from '../domain/reservation.ts';
import type { StockReplies } from '../ports.ts';

/** A queue to answer on, as the harness of one implementation sees it. */
export type ReplyQueue = { name: string; received: (count: number) => Promise<StockAnswer[]>; remove: () => Promise<void> };

/**
 * What every StockReplies promises (ports.ts), run against the recording fake and the SQS adapter alike:
 * an answer reaches the queue named, and only that one; a queue that is not there fails the send (so the
 * command is retried), not the opening of the channel.
 */
export function describeStockRepliesContract(
  name: string,
  subject: () => { replies: StockReplies; aQueue: () => Promise<ReplyQueue>; aMissingQueue: () => string },
): void {
  describe(`${name} keeps the StockReplies contract`, () => {
    it('sends each answer, as given, to the queue it was opened for and to no other', async () => {
      const { replies, aQueue } = subject();
      const [first, second] = [await aQueue(), await aQueue()];
      try {
        const released: StockAnswer = { type: 'StockReleased', data: { orderId: randomUUID(), items: [] } };
        const rejected: StockAnswer = { type: 'StockRejected', data: { orderId: randomUUID(), reason: 'UNKNOWN_PRODUCT', productId: randomUUID() } };

        await replies.to(first.name).send(released);
        await replies.to(second.name).send(rejected);

        expect(await first.received(1)).toEqual([released]);
        expect(await second.received(1)).toEqual([rejected]);
      } finally {
        await Promise.all([first.remove(), second.remove()]);
      }
    });

    it('fails on send, not before, when the queue named is not there', async () => {
      const { replies, aMissingQueue } = subject();

      const channel = replies.to(aMissingQueue());

      await expect(channel.send({ type: 'StockReleased', data: { orderId: randomUUID(), items: [] } })).rejects.toThrow();
    });
  });
}
