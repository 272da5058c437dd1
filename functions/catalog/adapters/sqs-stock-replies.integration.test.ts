import { randomUUID } from 'node:crypto';
import { SqsMessagePublisher } from '../../../lib/messaging/sqs-publisher.ts';
import { receive, sqs, temporaryQueue } from '../../../test/support/aws.ts';
import type { StockAnswer } from '../domain/reservation.ts';
import { describeStockRepliesContract } from '../testing/stock-replies.contract.ts';
import { SqsStockReplies } from './sqs-stock-replies.ts';

const now = new Date('2026-11-22T12:00:00.000Z');
const replies = new SqsStockReplies(new SqsMessagePublisher(sqs), { now: () => now });

describeStockRepliesContract('the SQS stock replies, against the SQS emulator', () => ({
  replies,
  aQueue: async () => {
    const queue = await temporaryQueue('replies');
    return {
      ...queue,
      received: async (count: number) =>
        (await receive(queue.url, count)).map((message) => {
          const { type, data } = JSON.parse(String(message.Body)) as StockAnswer;
          return { type, data } as StockAnswer;
        }),
    };
  },
  aMissingQueue: () => `no-such-queue-${randomUUID()}`,
}));

describe('the SQS stock replies\' messages', () => {
  it('wraps an answer in its versioned contract, with the type as a message attribute', async () => {
    const queue = await temporaryQueue('replies');
    try {
      const orderId = randomUUID();

      await replies.to(queue.name).send({ type: 'StockReleased', data: { orderId, items: [] } });

      const [message] = await receive(queue.url, 1);
      expect(JSON.parse(String(message?.Body))).toMatchObject({ type: 'StockReleased', version: 1, occurredAt: now.toISOString(), data: { orderId, items: [] } });
      expect(message?.MessageAttributes?.type?.StringValue).toBe('StockReleased');
    } finally {
      await queue.remove();
    }
  });

  it('refuses to send an answer its contract refuses', async () => {
    const queue = await temporaryQueue('replies');
    try {
      await expect(replies.to(queue.name).send({ type: 'StockReserved', data: { orderId: randomUUID(), items: [] } })).rejects.toThrow();
    } finally {
      await queue.remove();
    }
  });
});
