import { api } from '../support/api.ts';
import { asAdmin, bearer, signUp } from '../support/auth.ts';

type Listed = {
  services: Array<{ name: string; version: string | null; url: string; queues: Array<{ name: string; url: string; arn?: string }>; ready: boolean }>;
};

describe('GET /registry', () => {
  it('lists, for an admin, the gateway, users and catalog at the local API with their queues, all ready', async () => {
    // A readiness route answers within the registry's short timeout once it is warm; its first
    // (cold) call offline may take longer, and a late answer is rightly "not ready".
    for (const path of ['/health', '/users/health', '/catalog/health']) expect((await api('GET', path)).status).toBe(200);

    const response = await api<Listed>('GET', '/registry', { headers: await asAdmin() });

    expect(response.status).toBe(200);
    const byName = Object.fromEntries(response.body.services.map((service) => [service.name, service]));
    for (const name of ['gateway', 'users', 'catalog']) {
      expect(byName[name]).toMatchObject({ url: process.env.SHOP_API_URL, version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string, ready: true });
    }
    expect(byName.catalog?.queues).toEqual([
      {
        name: 'stock-commands',
        url: expect.stringContaining(`shop-${process.env.SHOP_STAGE}-catalog-stock-commands`) as string,
        arn: expect.stringMatching(new RegExp(`^arn:aws:sqs:.*:shop-${process.env.SHOP_STAGE}-catalog-stock-commands$`)) as string,
      },
    ]);
    expect(byName.users?.queues).toEqual([]);
  });

  it('refuses a customer with 403 and a caller without a token with 401', async () => {
    const customer = await signUp();

    expect((await api('GET', '/registry', { headers: bearer(customer.accessToken) })).status).toBe(403);
    expect((await api('GET', '/registry')).status).toBe(401);
  });
});
