import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import * as z from '../../../lib/zod.ts';
import { UnauthorizedError } from '../../../lib/errors.ts';
import { ROLES } from '../../../lib/roles.ts';
import type { AccessTokenVerifier, Bearer } from '../ports.ts';

/** Who signs the tokens (iss) and whom they are for (aud). */
export type TokenAudience = Readonly<{ issuer: string; audience: string }>;

// What the users service's tokens carry besides the registered claims; a token without them is not one.
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  role: z.enum(ROLES),
  sid: z.string().check(z.minLength(1)),
});

/**
 * Checks access tokens against the public keys at the users service's JWKS URL, with jose, which
 * fetches them on first use and keeps them (refetching for a `kid` it does not know, at most every
 * 30 s, so a rotated key is picked up). Verification pins the algorithm (ES256), the type (RFC 9068's
 * at+jwt, so no other kind of JWT passes for one), the issuer and the audience, and requires iat and exp.
 */
export class JwksAccessTokenVerifier implements AccessTokenVerifier {
  readonly #keys: ReturnType<typeof createRemoteJWKSet>;
  readonly #audience: TokenAudience;

  constructor(jwksUrl: URL, audience: TokenAudience) {
    this.#keys = createRemoteJWKSet(jwksUrl, { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    this.#audience = audience;
  }

  async verify(token: string, now: Date): Promise<Bearer> {
    try {
      const { payload } = await jwtVerify(token, this.#keys, {
        algorithms: ['ES256'],
        typ: 'at+jwt',
        issuer: this.#audience.issuer,
        audience: this.#audience.audience,
        currentDate: now,
        requiredClaims: ['iat', 'exp'],
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError('The access token is not valid.');
      return { userId: claims.data.sub, role: claims.data.role, sessionId: claims.data.sid };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired.');
      if (error instanceof errors.JWKSNoMatchingKey) throw new UnauthorizedError('The access token is signed with a key the users service does not publish.');
      // The JWKS unreachable is not the caller's fault: it stays an error (500 on AWS, and logged).
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
      if (error instanceof errors.JOSEError) throw new UnauthorizedError('The access token is not valid.');
      throw error;
    }
  }
}
