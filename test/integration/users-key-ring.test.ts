/**
 * The SSM key ring (Powertools Parameters) through the real SDK client, against a stand-in for SSM's
 * GetParameter on a loopback port, whose answers and calls the test controls and counts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Es256AccessTokenIssuer } from '../../functions/users/adapters/es256-access-token-issuer.ts';
import { generateSigningKey } from '../../functions/users/adapters/signing-keys.ts';
import { SsmKeyRing } from '../../functions/users/adapters/ssm-key-ring.ts';
import { localSsmClient } from '../../scripts/local/ssm-emulator.ts';

const NAME = '/shop-secret/test/users/signing-keys';
const parameters = new Map<string, string>();
const requests: Array<{ target: string | undefined; body: { Name?: string; WithDecryption?: boolean } }> = [];
let server: Server;
let client: SSMClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as { Name?: string; WithDecryption?: boolean };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, body });
      const value = parameters.get(body.Name ?? '');
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (value === undefined) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ParameterNotFound', message: 'no such parameter' }));
        return;
      }
      response.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = localSsmClient(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

describe('the SSM key ring', () => {
  it('reads the keys from the SecureString, decrypted, and keeps them for its cache age', async () => {
    const key = generateSigningKey();
    parameters.set(NAME, JSON.stringify(key));
    const ring = new SsmKeyRing(client, NAME, 300);

    const first = await ring.privateKeys();
    const second = await ring.privateKeys();

    expect(first.map(({ kid }) => kid)).toEqual([key.kid]);
    expect(second).toBe(first);
    expect(requests).toEqual([{ target: 'AmazonSSM.GetParameter', body: { Name: NAME, WithDecryption: true } }]);
  });

  it('reads again once the cache age has passed, and keeps the parsed keys while the value is the same', async () => {
    parameters.set(NAME, JSON.stringify(generateSigningKey()));
    const ring = new SsmKeyRing(client, NAME, 0);

    const first = await ring.privateKeys();
    const second = await ring.privateKeys();

    expect(requests).toHaveLength(2);
    expect(second).toBe(first);
  });

  it('picks up a rotated key set once the cache age has passed', async () => {
    const [old, next] = [generateSigningKey(), generateSigningKey()];
    parameters.set(NAME, JSON.stringify(old));
    const ring = new SsmKeyRing(client, NAME, 0);
    await ring.privateKeys();
    parameters.set(NAME, JSON.stringify({ keys: [next, old] }));

    const keys = await ring.privateKeys();

    expect(keys.map(({ kid }) => kid)).toEqual([next.kid, old.kid]);
  });

  it('signs access tokens with the key from SSM, and publishes its public half', async () => {
    const key = generateSigningKey();
    parameters.set(NAME, JSON.stringify(key));
    const ring = new SsmKeyRing(client, NAME);
    const audience = { issuer: 'urn:test', audience: 'urn:test:api' };
    const issuedAt = new Date();
    const claims = { userId: 'user-1', email: 'ada@example.com', role: 'admin', sessionId: 'session-1' } as const;
    const issuer = new Es256AccessTokenIssuer(ring, audience);

    const token = await issuer.issue(claims, { issuedAt, expiresAt: new Date(issuedAt.getTime() + 60_000) });

    const published = createLocalJWKSet((await issuer.publicKeys()));
    const { payload } = await jwtVerify(token, published, { algorithms: ['ES256'], ...audience, currentDate: issuedAt });
    expect(decodeProtectedHeader(token).kid).toBe(key.kid);
    expect(payload).toMatchObject({ sub: 'user-1', email: 'ada@example.com', role: 'admin', sid: 'session-1' });
  });

  it('fails when the parameter does not exist', async () => {
    const ring = new SsmKeyRing(client, '/shop/test/users/missing');

    await expect(ring.privateKeys()).rejects.toThrow();
  });

  it('fails without quoting the value when the parameter holds no private key', async () => {
    parameters.set(NAME, JSON.stringify({ kty: 'EC', crv: 'P-256', kid: 'k', x: 'sensitive', y: 'y' }));

    const attempt = new SsmKeyRing(client, NAME).privateKeys();

    await expect(attempt).rejects.toThrow(`The SSM parameter ${NAME} must hold a private P-256 JWK`);
    await expect(attempt).rejects.not.toThrow(/sensitive/);
  });
});
