import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CORRELATION_ATTRIBUTE } from '../../../lib/correlation.ts';
import type { ServiceRegistry } from '../../../lib/registry.ts';
import type { MessageSender, OutboxMessage } from '../ports.ts';

/** Sends outbox messages to the queue their service publishes under the name, as the registry finds it. */
export class RegistryMessageSender implements MessageSender {
  readonly #sqs: SQSClient;
  readonly #registry: ServiceRegistry;

  constructor(sqs: SQSClient, registry: ServiceRegistry) {
    this.#sqs = sqs;
    this.#registry = registry;
  }

  async send({ to, message }: OutboxMessage): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.#registry.queueUrl(to.service, to.queue),
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: message.correlationId },
          type: { DataType: 'String', StringValue: message.type },
        },
      }),
    );
  }
}
