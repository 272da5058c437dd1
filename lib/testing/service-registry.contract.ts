import { TransientError } from '../errors.ts';
import type { ServiceDirectory, ServiceRegistry } from '../registry.ts';

/** What any registry promises, given parameters named relative to `/shop/<stage>/`. */
export type RegistryFactory = (published: Record<string, string>) => Promise<ServiceRegistry & ServiceDirectory>;

const published = {
  'catalog/url': 'http://127.0.0.1:3000/',
  'catalog/version': '1.2.3',
  'catalog/health': '/catalog/health',
  'catalog/queues/stock-commands/url': 'http://sqs.local/000000000000/shop-test-catalog-stock-commands',
  'catalog/queues/stock-commands/arn': 'arn:aws:sqs:eu-west-1:000000000000:shop-test-catalog-stock-commands',
  'gateway/url': 'http://127.0.0.1:3000',
  'gateway/http-api-id': 'abc123',
  'users/signing-keys': 'secret',
  'payments/queues/commands/url': 'http://sqs.local/000000000000/shop-test-payments-commands',
  'payments/provider-url': 'http://provider.local',
};

export function serviceRegistryContract(name: string, make: RegistryFactory): void {
  describe(`${name} keeps the ServiceRegistry contract`, () => {
    it('gives a service’s base URL without a trailing slash, and its queue’s URL', async () => {
      const registry = await make(published);

      expect(await registry.baseUrl('catalog')).toBe('http://127.0.0.1:3000');
      expect(await registry.queueUrl('catalog', 'stock-commands')).toBe(published['catalog/queues/stock-commands/url']);
    });

    it('refuses a service or queue that is not published with a TransientError naming the parameter', async () => {
      const registry = await make(published);

      await expect(registry.baseUrl('orders')).rejects.toThrow(TransientError);
      await expect(registry.baseUrl('orders')).rejects.toThrow(/orders\/url/);
      await expect(registry.queueUrl('catalog', 'nope')).rejects.toThrow(/catalog\/queues\/nope\/url/);
    });

    it('lists every service that publishes its URL, version, health route or a queue, with what it publishes of those', async () => {
      const registry = await make(published);

      expect(await registry.services()).toEqual([
        {
          name: 'catalog',
          baseUrl: 'http://127.0.0.1:3000',
          version: '1.2.3',
          healthPath: '/catalog/health',
          queues: [
            {
              name: 'stock-commands',
              url: published['catalog/queues/stock-commands/url'],
              arn: published['catalog/queues/stock-commands/arn'],
            },
          ],
        },
        { name: 'gateway', baseUrl: 'http://127.0.0.1:3000', queues: [] },
        { name: 'payments', queues: [{ name: 'commands', url: published['payments/queues/commands/url'] }] },
      ]);
    });

    it('lists nothing when nothing is published', async () => {
      expect(await (await make({})).services()).toEqual([]);
    });
  });
}
