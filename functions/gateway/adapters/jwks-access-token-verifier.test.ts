import { Buffer } from 'node:buffer';
import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { UnauthorizedError } from '../../../lib/errors.ts';
import { JwksAccessTokenVerifier } from './jwks-access-token-verifier.ts';

const AUDIENCE = { issuer: 'urn:shop:test:users', audience: 'urn:shop:test:api' };
const NOW = new Date('2026-01-01T00:01:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const CLAIMS = {
  iss: AUDIENCE.issuer,
  aud: AUDIENCE.audience,
  sub: 'user-1',
  email: 'ada@example.com',
  role: 'customer',
  sid: 'session-1',
  iat: seconds(NOW) - 60,
  exp: seconds(NOW) + 14 * 60,
};

type SigningKey = { privateKey: CryptoKey; publicJwk: JWK & { kid: string } };

/** A P-256 key pair as the users service keeps one: its public half named by its thumbprint. */
async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk: { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'ES256', use: 'sig' } };
}

/** A token as the users service signs one, with `claims` and `header` changed. */
function sign(key: SigningKey, claims: JWTPayload = CLAIMS, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.publicJwk.kid, ...header }).sign(key.privateKey);
}

const encode = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
const decode = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString()) as Record<string, unknown>;

// The users service's GET /.well-known/jwks.json, as this test sets it.
let published: { status: number; body: string };
let fetches = 0;
let server: Server;
let jwksUrl: URL;
let key: SigningKey;

const publish = (...keys: SigningKey[]) => {
  published = { status: 200, body: JSON.stringify({ keys: keys.map(({ publicJwk }) => publicJwk) }) };
};

beforeAll(async () => {
  key = await signingKey();
  server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(published.status, { 'content-type': 'application/json' }).end(published.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  publish(key);
  fetches = 0;
});

afterEach(() => {
  jest.useRealTimers();
});

async function refusal(token: string, verifier = new JwksAccessTokenVerifier(jwksUrl, AUDIENCE)): Promise<unknown> {
  try {
    await verifier.verify(token, NOW);
  } catch (error) {
    return error;
  }
  throw new Error('Expected the token to be refused.');
}

describe('the gateway checks access tokens with the published public keys', () => {
  it('accepts a token the users service signed, as its bearer', async () => {
    const verifier = new JwksAccessTokenVerifier(jwksUrl, AUDIENCE);

    const bearer = await verifier.verify(await sign(key), NOW);

    expect(bearer).toEqual({ userId: 'user-1', email: 'ada@example.com', role: 'customer', sessionId: 'session-1' });
  });

  it('fetches the keys once and keeps them for the next tokens', async () => {
    const verifier = new JwksAccessTokenVerifier(jwksUrl, AUDIENCE);

    await verifier.verify(await sign(key), NOW);
    await verifier.verify(await sign(key, { ...CLAIMS, role: 'admin' }), NOW);

    expect(fetches).toBe(1);
  });

  it('refuses an expired token, saying so', async () => {
    const expired = await sign(key, { ...CLAIMS, exp: seconds(NOW) });

    const error = await refusal(expired);

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe('The access token has expired.');
  });

  it('refuses a token with alg none', async () => {
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt', kid: key.publicJwk.kid })}.${encode(CLAIMS)}.`;

    expect(await refusal(unsigned)).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token signed HS256 with the public key as the secret', async () => {
    const publicPem = createPublicKey({ key: key.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const forged = await new SignJWT({ ...CLAIMS, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.publicJwk.kid })
      .sign(new TextEncoder().encode(String(publicPem)));

    expect(await refusal(forged)).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses another kind of JWT signed with the right key (typ JWT, or none)', async () => {
    expect(await refusal(await sign(key, CLAIMS, { typ: 'JWT' }))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, CLAIMS, { typ: undefined }))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token from another issuer or for another audience', async () => {
    expect(await refusal(await sign(key, { ...CLAIMS, iss: 'urn:elsewhere' }))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, { ...CLAIMS, aud: 'urn:elsewhere' }))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token without iat or without exp', async () => {
    const { iat: _iat, ...noIssuedAt } = CLAIMS;
    const { exp: _exp, ...noExpiry } = CLAIMS;

    expect(await refusal(await sign(key, noIssuedAt))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, noExpiry))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, payload, signature] = (await sign(key)).split('.');
    const promoted = encode({ ...decode(payload), role: 'admin' });

    expect(await refusal(`${header}.${promoted}.${signature}`)).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token under a kid the JWKS does not list, or signed by another key under the real kid', async () => {
    const stranger = await signingKey();

    expect(await refusal(await sign(stranger))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(stranger, CLAIMS, { kid: key.publicJwk.kid }))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a role outside the roles the shop knows, and a token without its subject or session', async () => {
    const { sub: _sub, ...noSubject } = CLAIMS;

    expect(await refusal(await sign(key, { ...CLAIMS, role: 'root' }))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, noSubject))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, { ...CLAIMS, sid: '' }))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses a token without the email, or with one that is not an address', async () => {
    const { email: _email, ...noEmail } = CLAIMS;

    expect(await refusal(await sign(key, noEmail))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, { ...CLAIMS, email: 'ada' }))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await sign(key, { ...CLAIMS, email: 42 }))).toBeInstanceOf(UnauthorizedError);
  });

  it('refuses an empty token and garbage', async () => {
    expect(await refusal('')).toBeInstanceOf(UnauthorizedError);
    expect(await refusal('not.a.token')).toBeInstanceOf(UnauthorizedError);
  });

  it('picks up a key added to the JWKS after it last fetched, refetching for an unknown kid at most every 30 s', async () => {
    // Only the clock jose reads for its cache is moved; timers and sockets run for real.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    });
    const verifier = new JwksAccessTokenVerifier(jwksUrl, AUDIENCE);
    await verifier.verify(await sign(key), NOW);
    const next = await signingKey();
    publish(next, key);
    const signedByNext = await sign(next);

    const tooSoon = await refusal(signedByNext, verifier);
    jest.setSystemTime(Date.now() + 30_001);
    const bearer = await verifier.verify(signedByNext, NOW);

    expect(tooSoon).toBeInstanceOf(UnauthorizedError);
    expect(bearer.userId).toBe('user-1');
    expect(fetches).toBe(2);
  });

  it.each([
    ['answers 503', () => (published = { status: 503, body: '{"message":"Service Unavailable"}' })],
    ['answers what is not JSON', () => (published = { status: 200, body: '<html>' })],
    ['answers JSON that is no key set', () => (published = { status: 200, body: '{"keys":"none"}' })],
  ])('fails with an error of its own, not UnauthorizedError, when the JWKS %s', async (_what, breakJwks) => {
    breakJwks();

    const error = await refusal(await sign(key));

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
  });

  it('fails with an error of its own, not UnauthorizedError, when the JWKS is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const verifier = new JwksAccessTokenVerifier(new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`), AUDIENCE);

    const error = await refusal(await sign(key), verifier);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
  });
});
