import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Depth, QueueDepths, QueueGauge } from '../ports.ts';

/**
 * Depths from GetQueueAttributes (SQS's approximate counts, as CloudWatch shows them). The DLQ is the
 * one the queue's RedrivePolicy names by ARN; its URL is asked once by name and kept.
 */
export class SqsQueueGauge implements QueueGauge {
  readonly #sqs: SQSClient;
  readonly #urls = new Map<string, string>();

  constructor(sqs: SQSClient) {
    this.#sqs = sqs;
  }

  async depths(url: string): Promise<QueueDepths> {
    const { depth, deadLetterArn } = await this.#read(url, ['RedrivePolicy']);
    if (deadLetterArn === undefined) return { ...depth, deadLetter: null };
    const name = deadLetterArn.slice(deadLetterArn.lastIndexOf(':') + 1);
    const { depth: deadLetter } = await this.#read(await this.#urlOf(name));
    return { ...depth, deadLetter: { name, ...deadLetter } };
  }

  async #read(url: string, more: Array<'RedrivePolicy'> = []): Promise<{ depth: Depth; deadLetterArn?: string }> {
    const { Attributes = {} } = await this.#sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', ...more] }),
    );
    const policy = Attributes.RedrivePolicy === undefined ? {} : (JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string });
    const depth = { visible: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
    return policy.deadLetterTargetArn === undefined ? { depth } : { depth, deadLetterArn: policy.deadLetterTargetArn };
  }

  async #urlOf(name: string): Promise<string> {
    const known = this.#urls.get(name);
    if (known !== undefined) return known;
    const url = String((await this.#sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl);
    this.#urls.set(name, url);
    return url;
  }
}
