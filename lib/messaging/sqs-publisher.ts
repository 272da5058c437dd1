import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CORRELATION_ATTRIBUTE } from '../correlation.ts';
import type { Message } from '../contracts/envelope.ts';

/**
 * The one way messages leave for a queue: the envelope as the body, its correlation id and type as
 * message attributes too. A queue is named, or given by the URL a registry found.
 */
export class SqsMessagePublisher {
  readonly #sqs: SQSClient;
  readonly #queueUrls = new Map<string, Promise<string>>();

  constructor(sqs: SQSClient) {
    this.#sqs = sqs;
  }

  async publish(queueName: string, message: Message): Promise<void> {
    await this.publishToUrl(await this.#queueUrl(queueName), message);
  }

  async publishToUrl(queueUrl: string, message: Message): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: message.correlationId },
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  }

  /** Starts looking a queue's URL up, for a message about to be sent there; a failure shows when it is sent. */
  locate(queueName: string): void {
    void this.#queueUrl(queueName);
  }

  #queueUrl(queueName: string): Promise<string> {
    let url = this.#queueUrls.get(queueName);
    if (url === undefined) {
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: queueName })).then(({ QueueUrl }) => {
        if (QueueUrl === undefined) throw new Error(`No URL for queue ${queueName}`);
        return QueueUrl;
      });
      // A failed lookup is not remembered: the next message asks again.
      url.catch(() => this.#queueUrls.delete(queueName));
      this.#queueUrls.set(queueName, url);
    }
    return url;
  }
}
