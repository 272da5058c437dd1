import { StockReply } from '../../../lib/contracts/stock.ts';
import { newMessage } from '../../../lib/messaging/envelope.ts';
import type { SqsMessagePublisher } from '../../../lib/messaging/sqs-publisher.ts';
import type { StockAnswer } from '../domain/reservation.ts';
import type { Clock, StockReplies } from '../ports.ts';

/** Wraps each answer in its versioned contract (checked before it leaves) and sends it to `replyTo`. */
export class SqsStockReplies implements StockReplies {
  readonly #publisher: SqsMessagePublisher;
  readonly #clock: Clock;

  constructor(publisher: SqsMessagePublisher, clock: Clock) {
    this.#publisher = publisher;
    this.#clock = clock;
  }

  async send(replyTo: string, answer: StockAnswer): Promise<void> {
    const message = StockReply.parse(newMessage(answer.type, 1, answer.data, this.#clock.now()));
    await this.#publisher.publish(replyTo, message);
  }
}
