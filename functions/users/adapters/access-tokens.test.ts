import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { AccessTokenIssuer, KeyRing, PrivateJwk } from '../ports.ts';
import { Es256AccessTokenIssuer } from './es256-access-token-issuer.ts';
import { generateSigningKey } from './signing-keys.ts';

const AUDIENCE = { issuer: 'urn:shop:test:users', audience: 'urn:shop:test:api' };
const ISSUED_AT = new Date('2026-01-01T00:00:00.000Z');
const VALIDITY = { issuedAt: ISSUED_AT, expiresAt: new Date('2026-01-01T00:15:00.000Z') };
const CLAIMS = { userId: 'user-1', email: 'ada@example.com', role: 'customer', sessionId: 'session-1' } as const;
const A_MINUTE_LATER = new Date('2026-01-01T00:01:00.000Z');

const ring = (...keys: PrivateJwk[]): KeyRing => ({ privateKeys: async () => keys });
const key = generateSigningKey();
const issuer = new Es256AccessTokenIssuer(ring(key), AUDIENCE);

/** What the gateway does with a token: checks it with the issuer's published keys only, pinned as it pins them. */
async function verifiedWith(published: AccessTokenIssuer, token: string) {
  const jwks = createLocalJWKSet((await published.publicKeys()));
  const { payload } = await jwtVerify(token, jwks, {
    algorithms: ['ES256'],
    typ: 'at+jwt',
    issuer: AUDIENCE.issuer,
    audience: AUDIENCE.audience,
    currentDate: A_MINUTE_LATER,
    requiredClaims: ['iat', 'exp'],
  });
  return payload;
}

describe('access tokens', () => {
  it('are ES256 JWTs with a kid and the claims iss, aud, sub, email, role, sid, iat and exp', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: key.kid });
    expect(decodeJwt(token)).toEqual({
      iss: AUDIENCE.issuer,
      aud: AUDIENCE.audience,
      sub: 'user-1',
      email: 'ada@example.com',
      role: 'customer',
      sid: 'session-1',
      iat: ISSUED_AT.getTime() / 1000,
      exp: ISSUED_AT.getTime() / 1000 + 900,
    });
  });

  it('verify with the published public keys to the claims they were issued with', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);

    await expect(verifiedWith(issuer, token)).resolves.toMatchObject({ sub: 'user-1', email: 'ada@example.com', role: 'customer', sid: 'session-1' });
  });

  it('do not verify with the keys another issuer publishes', async () => {
    const stranger = new Es256AccessTokenIssuer(ring(generateSigningKey()), AUDIENCE);

    await expect(verifiedWith(stranger, await issuer.issue(CLAIMS, VALIDITY))).rejects.toThrow();
  });

  it('are signed by the first key of the ring, and those signed by a retired key still verify while the ring holds it', async () => {
    const next = generateSigningKey();
    const before = await issuer.issue(CLAIMS, VALIDITY);
    const rotated = new Es256AccessTokenIssuer(ring(next, key), AUDIENCE);

    const after = await rotated.issue(CLAIMS, VALIDITY);

    expect(decodeProtectedHeader(after).kid).toBe(next.kid);
    await expect(verifiedWith(rotated, before)).resolves.toMatchObject({ sub: 'user-1' });
    await expect(verifiedWith(rotated, after)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('are published as a JWKS that lists every key of the ring, and no private part', async () => {
    const next = generateSigningKey();
    const rotated = new Es256AccessTokenIssuer(ring(next, key), AUDIENCE);

    const jwks = await rotated.publicKeys();

    expect(jwks).toEqual({
      keys: [next, key].map(({ kty, crv, kid, x, y }) => ({ kty, crv, kid, x, y, alg: 'ES256', use: 'sig' })),
    });
  });
});
