import { TransientError } from '../errors.ts';
import { publishedServices, type PublishedService, type ServiceDirectory, type ServiceRegistry } from '../registry.ts';

/**
 * The registry for unit tests: parameters as a service publishes them, named relative to
 * `/shop/<stage>/` (`catalog/url`, `catalog/queues/stock-commands/url`).
 */
export class InMemoryServiceRegistry implements ServiceRegistry, ServiceDirectory {
  readonly #parameters: Record<string, string>;

  constructor(parameters: Readonly<Record<string, string>> = {}) {
    this.#parameters = { ...parameters };
  }

  async baseUrl(service: string): Promise<string> {
    return this.#get(`${service}/url`).replace(/\/+$/, '');
  }

  async queueUrl(service: string, queue: string): Promise<string> {
    return this.#get(`${service}/queues/${queue}/url`);
  }

  async services(): Promise<PublishedService[]> {
    return publishedServices(this.#parameters);
  }

  #get(name: string): string {
    const value = this.#parameters[name];
    if (value === undefined) throw new TransientError(`SSM parameter ${name} does not exist: is that service deployed at this stage?`);
    return value;
  }
}
