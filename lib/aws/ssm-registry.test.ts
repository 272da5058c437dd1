import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { localSsmClient, startSsmEmulator, type SsmEmulator } from '../../scripts/local/ssm-emulator.ts';
import { serviceRegistryContract } from '../testing/service-registry.contract.ts';
import { SsmServiceRegistry } from './ssm-registry.ts';

let emulator: SsmEmulator;
let ssm: SSMClient;

beforeEach(async () => {
  emulator = await startSsmEmulator({ port: 0 });
  ssm = localSsmClient(emulator.url, { maxAttempts: 1 });
});

afterEach(async () => {
  ssm.destroy();
  await emulator.stop();
});

const registry = (maxAgeSeconds?: number) => new SsmServiceRegistry({ stage: 'test', provider: new SSMProvider({ awsSdkV3Client: ssm }), maxAgeSeconds });

serviceRegistryContract('the SSM registry, against the local Parameter Store', async (published) => {
  for (const [name, value] of Object.entries(published)) emulator.put(`/shop/test/${name}`, value, name.endsWith('signing-keys') ? 'SecureString' : 'String');
  // Another stage's services are not this stage's.
  emulator.put('/shop/other/orders/url', 'http://elsewhere');
  return registry();
});

describe('the SSM registry', () => {
  it('keeps what it read for maxAge, then reads again', async () => {
    emulator.put('/shop/test/catalog/url', 'http://old');
    const cached = registry(300);
    const uncached = registry(0);

    expect(await cached.baseUrl('catalog')).toBe('http://old');
    expect(await uncached.baseUrl('catalog')).toBe('http://old');
    emulator.put('/shop/test/catalog/url', 'http://new');

    expect(await cached.baseUrl('catalog')).toBe('http://old');
    expect(await uncached.baseUrl('catalog')).toBe('http://new');
  });

  it('reads more services than one page of GetParametersByPath holds', async () => {
    for (let index = 0; index < 12; index += 1) emulator.put(`/shop/test/service${String(index).padStart(2, '0')}/url`, `http://s${index}`);

    expect(await registry().services()).toHaveLength(12);
  });
});
