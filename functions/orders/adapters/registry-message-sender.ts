import { routeOf } from '../../../lib/contracts/routes.ts';
import type { SqsMessagePublisher } from '../../../lib/messaging/sqs-publisher.ts';
import type { ServiceRegistry } from '../../../lib/registry.ts';
import type { MessageSender, OutboxMessage } from '../ports.ts';

/** Sends each outbox message to the queue its type goes to (lib/contracts/routes.ts), its URL found by name through the registry. */
export class RegistryMessageSender implements MessageSender {
  readonly #publisher: SqsMessagePublisher;
  readonly #registry: ServiceRegistry;

  constructor(publisher: SqsMessagePublisher, registry: ServiceRegistry) {
    this.#publisher = publisher;
    this.#registry = registry;
  }

  async send(message: OutboxMessage): Promise<void> {
    const { service, queue } = routeOf(message.type);
    await this.#publisher.publishToUrl(await this.#registry.queueUrl(service, queue), message);
  }
}
