import { InMemoryServiceRegistry } from '../../../lib/testing/in-memory-registry.ts';
import type { HealthCheck } from '../ports.ts';
import { listServices } from './list-services.ts';

const directory = new InMemoryServiceRegistry({
  'catalog/url': 'http://api.local',
  'catalog/version': '0.1.0',
  'catalog/health': '/catalog/health',
  'catalog/queues/stock-commands/url': 'http://sqs.local/stock',
  'catalog/queues/stock-commands/arn': 'arn:aws:sqs:r:a:stock',
  'orders/url': 'http://api.local',
  'orders/health': '/orders/health',
  'payments/url': 'http://api.local',
  'notifications/version': '0.1.0',
  'notifications/queues/order-events/url': 'http://sqs.local/order-events',
});

/** Ready only at the URLs it is given; remembers what it was asked. */
const healthAnswering = (readyUrls: string[]): HealthCheck & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    isReady: async (url) => {
      asked.push(url);
      return readyUrls.includes(url);
    },
  };
};

describe('listing the services of the stage', () => {
  it('gives each service its version, URL, queues and whether its readiness route answered', async () => {
    const health = healthAnswering(['http://api.local/catalog/health']);

    const services = await listServices({ directory, health });

    expect(services).toEqual([
      {
        name: 'catalog',
        version: '0.1.0',
        url: 'http://api.local',
        queues: [{ name: 'stock-commands', url: 'http://sqs.local/stock', arn: 'arn:aws:sqs:r:a:stock' }],
        health: 'http://api.local/catalog/health',
        ready: true,
      },
      {
        name: 'notifications',
        version: '0.1.0',
        url: null,
        queues: [{ name: 'order-events', url: 'http://sqs.local/order-events' }],
        health: null,
        ready: false,
      },
      { name: 'orders', version: null, url: 'http://api.local', queues: [], health: 'http://api.local/orders/health', ready: false },
      { name: 'payments', version: null, url: 'http://api.local', queues: [], health: null, ready: false },
    ]);
  });

  it('asks no readiness route for a service that publishes none, or no URL', async () => {
    const health = healthAnswering([]);

    await listServices({ directory, health });

    expect(health.asked.sort()).toEqual(['http://api.local/catalog/health', 'http://api.local/orders/health']);
  });
});
