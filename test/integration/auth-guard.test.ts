/**
 * The gateway's guard, attacked: every forged, altered, expired or foreign token is a 401 at the
 * gateway, before any handler runs; a customer on an admin route is a 403.
 */
import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { api } from '../support/api.ts';
import { bearer, signUp, type Account } from '../support/auth.ts';

const stage = process.env.SHOP_STAGE ?? 'test';
const ISSUER = `urn:shop-${stage}:users`;
const AUDIENCE = `urn:shop-${stage}:api`;
const stackKey = JSON.parse(String(process.env.SIGNING_KEY_JWK)) as JWK & { kid: string };

let customer: Account;
beforeAll(async () => {
  customer = await signUp('Guarded');
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: customer.id,
  email: customer.email,
  role: 'admin',
  sid: randomUUID(),
  iat: now(),
  exp: now() + 600,
  ...overrides,
});

/** Signed with the stack's own private key: only the claims or header are wrong. */
async function signedWithStackKey(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: stackKey.kid, ...header })
    .sign(await importJWK(stackKey, 'ES256'));
}

const forgeries: Array<[string, () => Promise<string>]> = [
  ['alg none', async () => `${b64({ alg: 'none', typ: 'at+jwt', kid: stackKey.kid })}.${b64(claims())}.`],
  [
    'HS256 signed with the public key as the secret',
    async () => {
      const publicPem = createPublicKey({ key: stackKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      return new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: stackKey.kid })
        .sign(new TextEncoder().encode(String(publicPem)));
    },
  ],
  [
    'a tampered payload (customer made admin)',
    async () => {
      const [header, , signature] = customer.accessToken.split('.');
      const payload = JSON.parse(Buffer.from(customer.accessToken.split('.')[1] ?? '', 'base64url').toString()) as object;
      return `${header}.${b64({ ...payload, role: 'admin' })}.${signature}`;
    },
  ],
  ['an expired token', () => signedWithStackKey(claims({ iat: now() - 3600, exp: now() - 60 }))],
  ['a wrong issuer', () => signedWithStackKey(claims({ iss: 'urn:somebody-else' }))],
  ['a wrong audience', () => signedWithStackKey(claims({ aud: 'urn:another-api' }))],
  ['no email claim', () => signedWithStackKey(claims({ email: undefined }))],
  ['an email claim that is no address', () => signedWithStackKey(claims({ email: 'not-an-address' }))],
  ['an unknown kid', () => signedWithStackKey(claims(), { kid: 'not-a-key-of-ours' })],
  [
    'a key of our own making, under the real kid',
    async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: stackKey.kid }).sign(privateKey);
    },
  ],
];

describe('the gateway refuses bad tokens with 401', () => {
  it.each(forgeries)('%s', async (_what, forge) => {
    const token = await forge();

    const me = await api('GET', '/users/me', { headers: bearer(token) });
    const write = await api('POST', '/products', {
      headers: bearer(token),
      body: { name: 'Forged', priceCents: 1, currency: 'EUR', category: 'forged' },
    });

    expect(me.status).toBe(401);
    expect(write.status).toBe(401);
  });

  it.each([
    ['no Authorization header', {}],
    ['an empty Authorization header', { authorization: '' }],
    ['a garbage Authorization header', { authorization: 'Bearer not.a.jwt' }],
    ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ])('%s', async (_what, headers: Record<string, string>) => {
    expect((await api('GET', '/users/me', { headers })).status).toBe(401);
  });

  it('lets a valid token through, to the caller\'s own data', async () => {
    const me = await api<{ id: string; role: string }>('GET', '/users/me', { headers: bearer(customer.accessToken) });

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customer.id, role: 'customer' });
  });

  it.each(['Authorization', 'AUTHORIZATION'])('reads the token under %s too: header names have no case (a browser sends Authorization)', async (name) => {
    const me = await api<{ id: string }>('GET', '/users/me', { headers: { [name]: `Bearer ${customer.accessToken}` } });

    expect(me.status).toBe(200);
    expect(me.body.id).toBe(customer.id);
  });
});

describe('roles', () => {
  it('refuses a customer on an admin route with 403, and writes nothing', async () => {
    const category = `guard-${randomUUID().slice(0, 8)}`;

    const write = await api('POST', '/products', {
      headers: bearer(customer.accessToken),
      body: { name: 'Sneaky', priceCents: 1, currency: 'EUR', category },
    });
    const listed = await api<{ items: unknown[] }>('GET', `/products?category=${category}`);

    expect(write.status).toBe(403);
    expect(listed.body.items).toEqual([]);
  });

  it('keeps catalog reads public', async () => {
    expect((await api('GET', '/products')).status).toBe(200);
  });
});
