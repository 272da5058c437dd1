import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueState } from '../../../lib/aws/sqs-queue-state.ts';
import type { QueueDepths, QueueGauge } from '../ports.ts';

/**
 * Depths from GetQueueAttributes (lib/aws/sqs-queue-state.ts). The DLQ is the one the queue's
 * RedrivePolicy names by ARN. SQS keeps a DLQ in its source queue's account and Region, so its URL is
 * the source's with the DLQ's name in place of the source's: no lookup.
 */
export class SqsQueueGauge implements QueueGauge {
  readonly #sqs: SQSClient;

  constructor(sqs: SQSClient) {
    this.#sqs = sqs;
  }

  async depths(url: string): Promise<QueueDepths> {
    const { visible, inFlight, deadLetterTargetArn } = await queueState(this.#sqs, url);
    if (deadLetterTargetArn === undefined) return { visible, inFlight, deadLetter: null };
    const name = deadLetterTargetArn.slice(deadLetterTargetArn.lastIndexOf(':') + 1);
    const deadLetter = await queueState(this.#sqs, `${url.slice(0, url.lastIndexOf('/') + 1)}${name}`);
    return { visible, inFlight, deadLetter: { name, visible: deadLetter.visible, inFlight: deadLetter.inFlight } };
  }
}
