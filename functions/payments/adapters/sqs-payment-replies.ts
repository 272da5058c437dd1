import { PaymentReply } from '../../../lib/contracts/payments.ts';
import { newMessage } from '../../../lib/contracts/envelope.ts';
import type { SqsMessagePublisher } from '../../../lib/messaging/sqs-publisher.ts';
import type { PaymentAnswer } from '../domain/payment.ts';
import type { Clock, PaymentReplies } from '../ports.ts';

/** Wraps each answer in its versioned contract (checked before it leaves) and sends it to `replyTo`. */
export class SqsPaymentReplies implements PaymentReplies {
  readonly #publisher: SqsMessagePublisher;
  readonly #clock: Clock;

  constructor(publisher: SqsMessagePublisher, clock: Clock) {
    this.#publisher = publisher;
    this.#clock = clock;
  }

  async send(replyTo: string, answer: PaymentAnswer): Promise<void> {
    const message = PaymentReply.parse(newMessage(answer.type, 1, answer.data, this.#clock.now()));
    await this.#publisher.publish(replyTo, message);
  }
}
