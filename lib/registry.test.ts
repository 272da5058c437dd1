import { publishedServices } from './registry.ts';
import { InMemoryServiceRegistry } from './testing/in-memory-registry.ts';
import { serviceRegistryContract } from './testing/service-registry.contract.ts';

serviceRegistryContract('the in-memory registry', async (published) => new InMemoryServiceRegistry(published));

describe('reading the services out of what they publish', () => {
  it('leaves out a queue that publishes only its ARN, and a service with no URL', () => {
    expect(publishedServices({ 'orders/version': '1', 'payments/url': 'http://x', 'payments/queues/commands/arn': 'arn:q' })).toEqual([
      { name: 'payments', baseUrl: 'http://x', queues: [] },
    ]);
  });

  it('orders services and their queues by name', () => {
    const services = publishedServices({
      'users/url': 'http://u',
      'catalog/url': 'http://c',
      'catalog/queues/b/url': 'http://b',
      'catalog/queues/a/url': 'http://a',
    });

    expect(services.map((service) => service.name)).toEqual(['catalog', 'users']);
    expect(services[0]?.queues.map((queue) => queue.name)).toEqual(['a', 'b']);
  });
});
