import { errors, importJWK, jwtVerify, type JWTHeaderParameters } from 'jose';
import { once } from '../../../lib/once.ts';
import * as z from '../../../lib/zod.ts';
import { UnauthorizedError } from '../../../lib/errors.ts';
import type { AccessTokenClaims } from '../domain/tokens.ts';
import type { AccessTokenVerifier, KeyRing } from '../ports.ts';
import { ALGORITHM, perKey, publicPart, TOKEN_TYPE, type TokenAudience } from './access-token-format.ts';

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

// What our tokens carry besides the registered claims; a token without them is not ours. Built on
// first use, so a cold start that never verifies does not pay for it.
const claimsSchema = /* @__PURE__ */ once(() =>
  z.object({
    sub: z.string().check(z.minLength(1)),
    role: z.enum(['customer', 'admin']),
    sid: z.string().check(z.minLength(1)),
  }),
);

/**
 * Checks the access tokens Es256AccessTokenIssuer signs, with jose. Verification pins the algorithm,
 * the type, the issuer and the audience, requires iat and exp, and takes the key by `kid` from the key
 * ring only: an unknown kid fails.
 */
export class JoseAccessTokenVerifier implements AccessTokenVerifier {
  readonly #keys: KeyRing;
  readonly #audience: TokenAudience;
  readonly #publicKey = perKey((key): Promise<ImportedKey> => importJWK(publicPart(key), ALGORITHM));

  constructor(keys: KeyRing, audience: TokenAudience) {
    this.#keys = keys;
    this.#audience = audience;
  }

  async verify(token: string, now: Date): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.#verifyingKey(header), {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.#audience.issuer,
        audience: this.#audience.audience,
        currentDate: now,
        requiredClaims: ['iat', 'exp'],
      });
      const claims = claimsSchema().safeParse(payload);
      if (!claims.success) throw new UnauthorizedError('The access token is not valid.');
      return { userId: claims.data.sub, role: claims.data.role, sessionId: claims.data.sid };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired.');
      if (error instanceof errors.JOSEError) throw new UnauthorizedError('The access token is not valid.');
      throw error; // ours (already an UnauthorizedError), or the key ring failing: not the caller's fault
    }
  }

  async #verifyingKey(header: JWTHeaderParameters): Promise<ImportedKey> {
    const keys = await this.#keys.privateKeys();
    const key = keys.find((candidate) => candidate.kid === header.kid);
    if (key === undefined) throw new UnauthorizedError('The access token is signed with a key this service does not know.');
    return this.#publicKey(key);
  }
}
