import { publishedServices } from './registry.ts';
import { InMemoryServiceRegistry } from './testing/in-memory-registry.ts';
import { serviceRegistryContract } from './testing/service-registry.contract.ts';

serviceRegistryContract('the in-memory registry', async (published) => new InMemoryServiceRegistry(published));

describe('reading the services out of what they publish', () => {
  it('leaves out a queue that publishes only its ARN, and a service that publishes none of its URL, version, health route or queues', () => {
    expect(publishedServices({ 'payments/url': 'http://x', 'payments/queues/commands/arn': 'arn:q', 'users/signing-keys': 'k' })).toEqual([
      { name: 'payments', baseUrl: 'http://x', queues: [] },
    ]);
  });

  it('lists a service that publishes no URL by what it does publish', () => {
    expect(publishedServices({ 'orders/version': '1', 'notifications/queues/events/url': 'http://q' })).toEqual([
      { name: 'notifications', queues: [{ name: 'events', url: 'http://q' }] },
      { name: 'orders', version: '1', queues: [] },
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
