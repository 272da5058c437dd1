import { api } from '../support/api.ts';
import { asAdmin, bearer, signUp } from '../support/auth.ts';
import { aCustomer, anAdmin, refusal } from '../support/client.ts';

type Listed = {
  services: Array<{ name: string; version: string | null; url: string | null; queues: Array<{ name: string; url: string; arn?: string }>; ready: boolean }>;
};

const queueOf = (service: string, queue: string) => ({
  name: queue,
  url: expect.stringContaining(`shop-${process.env.SHOP_STAGE}-${service}-${queue}`) as string,
  arn: expect.stringMatching(new RegExp(`^arn:aws:sqs:.*:shop-${process.env.SHOP_STAGE}-${service}-${queue}$`)) as string,
});

describe('GET /registry', () => {
  it('lists, for an admin, every service at the local API with its version and queues, ready', async () => {
    const withReadiness = ['gateway', 'users', 'catalog', 'orders', 'notifications', 'payments'];
    // A readiness route answers within the registry's short timeout once it is warm; its first
    // (cold) call offline may take longer, and a late answer is rightly "not ready".
    for (const path of ['/health', '/users/health', '/catalog/health', '/orders/health', '/notifications/health', '/payments/health']) {
      expect((await api('GET', path)).status).toBe(200);
    }

    const response = await api<Listed>('GET', '/registry', { headers: await asAdmin() });

    expect(response.status).toBe(200);
    const byName = Object.fromEntries(response.body.services.map((service) => [service.name, service]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(withReadiness));
    for (const name of withReadiness) {
      expect(byName[name]).toMatchObject({ url: process.env.SHOP_API_URL, version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string, ready: true });
    }
    expect(byName.catalog?.queues).toEqual([queueOf('catalog', 'stock-commands')]);
    expect(byName.orders?.queues).toEqual([queueOf('orders', 'replies')]);
    expect(byName.notifications?.queues).toEqual([queueOf('notifications', 'order-events')]);
    expect(byName.payments?.queues).toEqual([queueOf('payments', 'commands')]);
    expect(byName.users?.queues).toEqual([]);
  });

  it('refuses a customer with 403 and a caller without a token with 401', async () => {
    const customer = await signUp();

    expect((await api('GET', '/registry', { headers: bearer(customer.accessToken) })).status).toBe(403);
    expect((await api('GET', '/registry')).status).toBe(401);
  });
});

describe('GET /admin/queues', () => {
  it('gives an admin every queue the services publish, with its depth, what it has in flight and its DLQ', async () => {
    const admin = await anAdmin();

    const queues = await admin.admin.queues();

    const counts = { visible: expect.any(Number) as number, inFlight: expect.any(Number) as number };
    expect(queues.map(({ service, name }) => `${service}/${name}`).sort()).toEqual(['catalog/stock-commands', 'notifications/order-events', 'orders/replies', 'payments/commands']);
    for (const queue of queues) {
      expect(queue).toEqual({ service: queue.service, name: queue.name, ...counts, deadLetter: { name: `shop-${process.env.SHOP_STAGE}-${queue.service}-${queue.name}-dlq`, ...counts } });
    }
  });

  it('refuses a customer with 403', async () => {
    const { shop } = await aCustomer();

    expect((await refusal(shop.admin.queues())).status).toBe(403);
  });
});
