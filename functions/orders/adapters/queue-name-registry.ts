import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ServiceRegistry } from '../../../lib/registry.ts';

/**
 * A stand-in for the SSM registry (lib/aws/ssm-registry.ts, built beside this): it finds a service's
 * queue by the naming convention `shop-<stage>-<service>-<queue>` through GetQueueUrl, and knows no
 * base URLs. compose.ts swaps it for the SSM registry once that lands.
 */
export class QueueNameRegistry implements ServiceRegistry {
  readonly #sqs: SQSClient;
  readonly #stage: string;
  readonly #urls = new Map<string, Promise<string>>();

  constructor(sqs: SQSClient, stage: string) {
    this.#sqs = sqs;
    this.#stage = stage;
  }

  async baseUrl(service: string): Promise<string> {
    throw new Error(`No base URL is known for ${service} without the SSM registry.`);
  }

  queueUrl(service: string, queue: string): Promise<string> {
    const name = `shop-${this.#stage}-${service}-${queue}`;
    let url = this.#urls.get(name);
    if (url === undefined) {
      url = this.#sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(({ QueueUrl }) => {
        if (QueueUrl === undefined) throw new Error(`No URL for queue ${name}`);
        return QueueUrl;
      });
      // A failed lookup is not remembered: the next message asks again.
      url.catch(() => this.#urls.delete(name));
      this.#urls.set(name, url);
    }
    return url;
  }
}
