import type { StacksCommand } from './command.ts';
import { runStacks, type StacksPorts } from './run.ts';

const SERVICES = ['gateway', 'users', 'catalog', 'notifications', 'payments', 'orders'];
const TABLES: Record<string, string[]> = { orders: ['shop-dev-orders', 'shop-dev-orders-idempotency'], catalog: ['shop-dev-catalog'], gateway: [] };
const PUT_BY_OPERATOR = {
  '/shop-secret/dev/users/signing-keys': 'AQICAH…(encrypted)',
  '/shop-secret/dev/payments/provider-key': 'AQICAH…(encrypted)',
  '/shop/dev/notifications/sender': 'orders@shop.example.org',
};

/** Ports that record what was done, in order; `failing` names a service whose serverless run fails. */
function fakePorts(parameters: Record<string, string>, failing?: string) {
  const done: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const dropped = new Set<string>(['shop-dev-orders-idempotency']);
  const ports: StacksPorts = {
    serverless: (service, args) => {
      done.push(`${args.join(' ')} in ${service}`);
      return service === failing ? 1 : 0;
    },
    tablesOf: async (service, stage) => (stage === 'dev' ? (TABLES[service] ?? []) : []),
    parameter: async (name) => parameters[name],
    dropTable: async (name) => {
      done.push(`drop ${name}`);
      const absent = dropped.has(name);
      dropped.add(name);
      return absent ? 'absent' : 'deleted';
    },
    log: (line) => out.push(line),
    error: (line) => err.push(line),
  };
  return { ports, done, out: () => out.join('\n'), err: () => err.join('\n') };
}

const command = (overrides: Partial<StacksCommand>): StacksCommand & { region: string } => ({
  command: 'deploy',
  services: SERVICES,
  stage: 'dev',
  region: 'eu-west-3',
  dropTables: false,
  ...overrides,
});

describe('deploy', () => {
  it('deploys nothing while a parameter the operator puts is missing, and says how to put each, in the region', async () => {
    const { ports, done, err } = fakePorts({ '/shop-secret/dev/payments/provider-key': 'AQICAH…' });

    expect(await runStacks(command({}), ports)).toBe(1);

    expect(done).toEqual([]);
    expect(err()).toContain('aws ssm put-parameter --region eu-west-3 --name /shop-secret/dev/users/signing-keys --type SecureString --value "$(npm run -s signing-key)"');
    expect(err()).toContain('aws ssm put-parameter --region eu-west-3 --name /shop/dev/notifications/sender --type String --value shop@your-domain.example');
    expect(err()).not.toContain('provider-key');
  });

  it('asks only for what the stacks it deploys read', async () => {
    const { ports, done } = fakePorts({ '/shop/dev/gateway/url': 'https://abc.execute-api.eu-west-3.amazonaws.com' });

    expect(await runStacks(command({ services: ['catalog'] }), ports)).toBe(0);
    expect(done).toEqual(['deploy --stage dev --region eu-west-3 in catalog']);
  });

  it("deploys every stack in order, the stage's sender given to notifications alone, then prints the API's URL and where to find it later", async () => {
    const { ports, done, out } = fakePorts({ ...PUT_BY_OPERATOR, '/shop/dev/gateway/url': 'https://abc.execute-api.eu-west-3.amazonaws.com' });

    expect(await runStacks(command({}), ports)).toBe(0);

    expect(done).toEqual([
      'deploy --stage dev --region eu-west-3 in gateway',
      'deploy --stage dev --region eu-west-3 in users',
      'deploy --stage dev --region eu-west-3 in catalog',
      'deploy --stage dev --region eu-west-3 --param sender=orders@shop.example.org in notifications',
      'deploy --stage dev --region eu-west-3 in payments',
      'deploy --stage dev --region eu-west-3 in orders',
    ]);
    expect(out()).toContain('The API of stage dev: https://abc.execute-api.eu-west-3.amazonaws.com');
    expect(out()).toContain('To find it later: aws ssm get-parameter --region eu-west-3 --name /shop/dev/gateway/url --query Parameter.Value --output text');
    expect(out()).toContain('AWS_REGION=eu-west-3 npm run admin:promote -- <email> --stage dev --aws');
  });

  it('refuses a sender that is no email address before deploying anything', async () => {
    const { ports, done, err } = fakePorts({ ...PUT_BY_OPERATOR, '/shop/dev/notifications/sender': 'example.org' });

    expect(await runStacks(command({}), ports)).toBe(1);
    expect(done).toEqual([]);
    expect(err()).toContain('/shop/dev/notifications/sender holds "example.org", which is no email address');
  });

  it('stops at the first stack that fails, and says which were deployed before it', async () => {
    const { ports, done, err, out } = fakePorts({ ...PUT_BY_OPERATOR, '/shop/dev/gateway/url': 'https://abc' }, 'catalog');

    expect(await runStacks(command({}), ports)).toBe(1);
    expect(done.at(-1)).toBe('deploy --stage dev --region eu-west-3 in catalog');
    expect(err()).toBe('deploy of catalog failed; done before it: gateway, users.');
    expect(out()).not.toContain('The API');
  });

  it('fails when the gateway has published no URL, and says how to deploy it', async () => {
    const { ports, err } = fakePorts({});

    expect(await runStacks(command({ services: ['catalog'] }), ports)).toBe(1);
    expect(err()).toContain('/shop/dev/gateway/url does not exist: deploy the gateway (npm run deploy -- gateway --stage dev)');
  });
});

describe('remove', () => {
  it('removes the stacks, the gateway last, and keeps every table', async () => {
    const { ports, done, out } = fakePorts({});

    expect(await runStacks(command({ command: 'remove', services: ['orders', 'catalog', 'gateway'] }), ports)).toBe(0);

    expect(done).toEqual(['remove --stage dev --region eu-west-3 in orders', 'remove --stage dev --region eu-west-3 in catalog', 'remove --stage dev --region eu-west-3 in gateway']);
    expect(out()).toContain('The tables of orders, catalog, gateway are kept');
    expect(out()).toContain('npm run remove -- orders catalog gateway --stage dev --drop-tables deletes them');
  });

  it("with --drop-tables, deletes each stack's tables once that stack is gone, and says which were gone already", async () => {
    const { ports, done, out } = fakePorts({});

    expect(await runStacks(command({ command: 'remove', services: ['orders', 'catalog'], dropTables: true }), ports)).toBe(0);

    expect(done).toEqual([
      'remove --stage dev --region eu-west-3 in orders',
      'drop shop-dev-orders',
      'drop shop-dev-orders-idempotency',
      'remove --stage dev --region eu-west-3 in catalog',
      'drop shop-dev-catalog',
    ]);
    expect(out()).toContain('Deleting table shop-dev-orders.');
    expect(out()).toContain('Table shop-dev-orders-idempotency was gone already.');
    expect(out()).not.toContain('are kept');
  });

  it('drops no table of a stack whose removal failed, and goes no further', async () => {
    const { ports, done } = fakePorts({}, 'orders');

    expect(await runStacks(command({ command: 'remove', services: ['orders', 'catalog'], dropTables: true }), ports)).toBe(1);
    expect(done).toEqual(['remove --stage dev --region eu-west-3 in orders']);
  });

  it('says how to delete the parameters the operator put, which it leaves', async () => {
    const { ports, out } = fakePorts({});

    await runStacks(command({ command: 'remove', services: [...SERVICES].reverse() }), ports);

    expect(out()).toContain(
      'aws ssm delete-parameters --region eu-west-3 --names /shop-secret/dev/users/signing-keys /shop-secret/dev/payments/provider-key /shop/dev/notifications/sender',
    );
  });
});

describe('package', () => {
  it('packages every stack and reads no parameter (it needs no credentials)', async () => {
    const { ports, done } = fakePorts({});
    ports.parameter = () => Promise.reject(new Error('package read a parameter'));

    expect(await runStacks(command({ command: 'package' }), ports)).toBe(0);
    expect(done).toHaveLength(SERVICES.length);
    expect(done[0]).toBe('package --stage dev --region eu-west-3 in gateway');
  });
});
