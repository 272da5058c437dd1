import { Buffer } from 'node:buffer';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { UnauthorizedError } from '../../../lib/errors.ts';
import type { KeyRing, PrivateJwk } from '../ports.ts';
import { Es256AccessTokenIssuer } from './es256-access-token-issuer.ts';
import { JoseAccessTokenVerifier } from './jose-access-token-verifier.ts';
import { generateSigningKey } from './signing-keys.ts';

const AUDIENCE = { issuer: 'urn:shop:test:users', audience: 'urn:shop:test:api' };
const ISSUED_AT = new Date('2026-01-01T00:00:00.000Z');
const VALIDITY = { issuedAt: ISSUED_AT, expiresAt: new Date('2026-01-01T00:15:00.000Z') };
const CLAIMS = { userId: 'user-1', role: 'customer', sessionId: 'session-1' } as const;
const A_MINUTE_LATER = new Date('2026-01-01T00:01:00.000Z');

const ring = (...keys: PrivateJwk[]): KeyRing => ({ privateKeys: async () => keys });
const key = generateSigningKey();
const issuer = new Es256AccessTokenIssuer(ring(key), AUDIENCE);
const verifier = new JoseAccessTokenVerifier(ring(key), AUDIENCE);

const encode = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

async function refusal(token: string, at = A_MINUTE_LATER): Promise<unknown> {
  try {
    await verifier.verify(token, at);
  } catch (error) {
    return error;
  }
  throw new Error('Expected the token to be refused.');
}

describe('access tokens', () => {
  it('are ES256 JWTs with a kid and the claims iss, aud, sub, role, sid, iat and exp', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: key.kid });
    expect(decodeJwt(token)).toEqual({
      iss: AUDIENCE.issuer,
      aud: AUDIENCE.audience,
      sub: 'user-1',
      role: 'customer',
      sid: 'session-1',
      iat: ISSUED_AT.getTime() / 1000,
      exp: ISSUED_AT.getTime() / 1000 + 900,
    });
  });

  it('verify to the claims they were issued with', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);

    await expect(verifier.verify(token, A_MINUTE_LATER)).resolves.toEqual(CLAIMS);
  });

  it('are refused once expired', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);

    const error = await refusal(token, VALIDITY.expiresAt);

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toBe('The access token has expired.');
  });

  it('are refused with alg none', async () => {
    const header = decodeProtectedHeader(await issuer.issue(CLAIMS, VALIDITY));
    const payload = decodeJwt(await issuer.issue(CLAIMS, VALIDITY));

    const unsigned = `${encode({ ...header, alg: 'none' })}.${encode(payload)}.`;

    expect(await refusal(unsigned)).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused when signed HS256 with the public key as the secret', async () => {
    const publicPem = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: key.x, y: key.y }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const forged = await new SignJWT({ role: 'admin', sid: 'session-1' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
      .setIssuer(AUDIENCE.issuer)
      .setAudience(AUDIENCE.audience)
      .setSubject('user-1')
      .setIssuedAt(ISSUED_AT)
      .setExpirationTime(VALIDITY.expiresAt)
      .sign(new TextEncoder().encode(String(publicPem)));

    expect(await refusal(forged)).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused when the payload was changed after signing', async () => {
    const token = await issuer.issue(CLAIMS, VALIDITY);
    const [header, , signature] = token.split('.');
    const promoted = encode({ ...decodeJwt(token), role: 'admin' });

    expect(await refusal(`${header}.${promoted}.${signature}`)).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused from another issuer or for another audience', async () => {
    const otherIssuer = new Es256AccessTokenIssuer(ring(key), { ...AUDIENCE, issuer: 'urn:elsewhere' });
    const otherAudience = new Es256AccessTokenIssuer(ring(key), { ...AUDIENCE, audience: 'urn:elsewhere' });

    expect(await refusal(await otherIssuer.issue(CLAIMS, VALIDITY))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(await otherAudience.issue(CLAIMS, VALIDITY))).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused when signed by a key the ring does not hold, or with no kid', async () => {
    const stranger = new Es256AccessTokenIssuer(ring(generateSigningKey()), AUDIENCE);
    const [, payload, signature] = (await issuer.issue(CLAIMS, VALIDITY)).split('.');

    expect(await refusal(await stranger.issue(CLAIMS, VALIDITY))).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(`${encode({ alg: 'ES256', typ: 'at+jwt' })}.${payload}.${signature}`)).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused when they are another kind of JWT signed with our key', async () => {
    const [, payload] = (await issuer.issue(CLAIMS, VALIDITY)).split('.');
    const idToken = await new SignJWT(decodeJwt(`x.${payload}.x`))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid })
      .sign(createPrivateKey({ key: { ...key }, format: 'jwk' }));

    expect(await refusal(idToken)).toBeInstanceOf(UnauthorizedError);
  });

  it('are refused when empty, garbage, or missing the session claim', async () => {
    const noSession = await issuer.issue({ ...CLAIMS, sessionId: '' }, VALIDITY);

    expect(await refusal('')).toBeInstanceOf(UnauthorizedError);
    expect(await refusal('not.a.token')).toBeInstanceOf(UnauthorizedError);
    expect(await refusal(noSession)).toBeInstanceOf(UnauthorizedError);
  });

  it('signed with a retired key still verify while the ring holds it, and new ones use the first key', async () => {
    const next = generateSigningKey();
    const before = await issuer.issue(CLAIMS, VALIDITY);
    const rotated = new Es256AccessTokenIssuer(ring(next, key), AUDIENCE);

    const after = await rotated.issue(CLAIMS, VALIDITY);

    const verifyingBoth = new JoseAccessTokenVerifier(ring(next, key), AUDIENCE);
    await expect(verifyingBoth.verify(before, A_MINUTE_LATER)).resolves.toEqual(CLAIMS);
    await expect(verifyingBoth.verify(after, A_MINUTE_LATER)).resolves.toEqual(CLAIMS);
    expect(decodeProtectedHeader(after).kid).toBe(next.kid);
  });

  it('are verified with the public keys of the JWKS, which hold no private part', async () => {
    const next = generateSigningKey();

    const rotated = new Es256AccessTokenIssuer(ring(next, key), AUDIENCE);

    const jwks = await rotated.publicKeys();

    expect(jwks).toEqual({
      keys: [next, key].map(({ kty, crv, kid, x, y }) => ({ kty, crv, kid, x, y, alg: 'ES256', use: 'sig' })),
    });
    // What a resource server elsewhere would do with them.
    const { payload } = await jwtVerify(await rotated.issue(CLAIMS, VALIDITY), createLocalJWKSet(jwks as JSONWebKeySet), { currentDate: A_MINUTE_LATER });
    expect(payload.sub).toBe(CLAIMS.userId);
  });
});
