import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueState } from '../../../lib/aws/sqs-queue-state.ts';
import type { Clock, SagaBacklog } from '../ports.ts';

/** How long a container trusts the depths it read: a placement must not cost a queue read each. */
const READ_EVERY_MS = 5000;

/**
 * How much of the saga's work waits in its queues (the catalog's stock commands and the orders
 * replies), read from SQS's approximate depth every few seconds per container. Past `maxWaiting`
 * messages the saga could not work through them before the orders' deadlines, so new orders wait.
 */
export class SqsSagaBacklog implements SagaBacklog {
  readonly #sqs: SQSClient;
  readonly #queueUrls: () => Promise<string[]>;
  readonly #maxWaiting: number;
  readonly #clock: Clock;
  #reading: { at: number; waiting: Promise<number> } | undefined;

  constructor(sqs: SQSClient, queueUrls: () => Promise<string[]>, maxWaiting: number, clock: Clock) {
    this.#sqs = sqs;
    this.#queueUrls = queueUrls;
    this.#maxWaiting = maxWaiting;
    this.#clock = clock;
  }

  async overloaded(): Promise<boolean> {
    const now = this.#clock.now().getTime();
    if (this.#reading === undefined || now - this.#reading.at >= READ_EVERY_MS) {
      const waiting = this.#waiting();
      // A failed read is not kept: the next placement reads again.
      waiting.catch(() => (this.#reading = undefined));
      this.#reading = { at: now, waiting };
    }
    return (await this.#reading.waiting) > this.#maxWaiting;
  }

  async #waiting(): Promise<number> {
    const depths = await Promise.all((await this.#queueUrls()).map(async (url) => (await queueState(this.#sqs, url)).visible));
    return depths.reduce((sum, depth) => sum + depth, 0);
  }
}
