import { StockReply } from '../../../lib/contracts/stock.ts';
import { newMessage } from '../../../lib/contracts/envelope.ts';
import type { SqsMessagePublisher } from '../../../lib/messaging/sqs-publisher.ts';
import type { StockAnswer } from '../domain/reservation.ts';
import type { Clock, ReplyChannel, StockReplies } from '../ports.ts';

/** Wraps each answer in its versioned contract (checked before it leaves) and sends it to `replyTo`. */
export class SqsStockReplies implements StockReplies {
  readonly #publisher: SqsMessagePublisher;
  readonly #clock: Clock;

  constructor(publisher: SqsMessagePublisher, clock: Clock) {
    this.#publisher = publisher;
    this.#clock = clock;
  }

  /** Looks the queue up at once (SQS sends by URL), so a cold start does not wait for it after the decision. */
  to(replyTo: string): ReplyChannel {
    this.#publisher.locate(replyTo);
    return { send: (answer) => this.#send(replyTo, answer) };
  }

  async #send(replyTo: string, answer: StockAnswer): Promise<void> {
    const message = StockReply.parse(newMessage(answer.type, 1, answer.data, this.#clock.now()));
    await this.#publisher.publish(replyTo, message);
  }
}
