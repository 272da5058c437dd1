import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as z from '../../../lib/zod.ts';
import { UnauthorizedError } from '../../../lib/errors.ts';
import { ROLES } from '../../../lib/roles.ts';
import type { AccessTokenVerifier, Bearer } from '../ports.ts';

/** Who signs the tokens (iss) and whom they are for (aud). */
export type TokenAudience = Readonly<{ issuer: string; audience: string }>;

// What the users service's tokens carry besides the registered claims; a token without them is not one.
const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  email: z.email(),
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
  readonly #keys: JWTVerifyGetKey;
  readonly #audience: TokenAudience;

  constructor(jwksUrl: URL, audience: TokenAudience) {
    const published = createRemoteJWKSet(jwksUrl, { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    this.#keys = async (header, token) => {
      try {
        return await published(header, token);
      } catch (error) {
        // No key for the token's kid is the token's fault. Anything else is the JWKS failing (unreachable,
        // not 200, not a key set), which jose reports as a JOSEError too: it must not become a 401.
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
        throw new Error(`The users service's JWKS at ${jwksUrl.href} could not be used.`, { cause: error });
      }
    };
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
      return { userId: claims.data.sub, email: claims.data.email, role: claims.data.role, sessionId: claims.data.sid };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired.');
      if (error instanceof errors.JWKSNoMatchingKey) throw new UnauthorizedError('The access token is signed with a key the users service does not publish.');
      if (error instanceof errors.JOSEError) throw new UnauthorizedError('The access token is not valid.');
      throw error; // ours (already an UnauthorizedError), or the JWKS failing: not the caller's fault (500, logged)
    }
  }
}
