import { errors, importJWK, jwtVerify, SignJWT, type JWTHeaderParameters, type KeyObject } from 'jose';
import { once } from '../../../lib/once.ts';
import * as z from '../../../lib/zod.ts';
import { UnauthorizedError } from '../../../lib/errors.ts';
import type { AccessTokenClaims, Jwks } from '../domain/tokens.ts';
import type { AccessTokens, KeyRing, PrivateJwk } from '../ports.ts';

/** The one algorithm we sign with and the only one verification accepts (no `none`, no HS256 with a public key). */
const ALGORITHM = 'ES256';
/** RFC 9068's type for access tokens, so no other kind of JWT (an ID token, say) passes for one. */
const TOKEN_TYPE = 'at+jwt';

export type TokenAudience = Readonly<{ issuer: string; audience: string }>;

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

// What our tokens carry besides the registered claims; a token without them is not ours. Built on first
// use: only verification reads them, and the functions that only sign bundle this too.
const claimsSchema = /* @__PURE__ */ once(() =>
  z.object({
    sub: z.string().check(z.minLength(1)),
    role: z.enum(['customer', 'admin']),
    sid: z.string().check(z.minLength(1)),
  }),
);

/**
 * Access tokens as JWTs signed with ES256 (jose): header `kid`, claims iss, aud, sub, role, sid, iat,
 * exp. Verification pins the algorithm, the type, the issuer and the audience, and takes the key by
 * `kid` from the key ring only: an unknown kid fails.
 */
export class JoseAccessTokens implements AccessTokens {
  readonly #keys: KeyRing;
  readonly #issuer: string;
  readonly #audience: string;
  // Imported once per key and use, when first needed (a function that only signs never imports a key
  // to verify with); the key rings hand out the same objects until their keys change.
  readonly #signing = new WeakMap<PrivateJwk, Promise<ImportedKey>>();
  readonly #verifying = new WeakMap<PrivateJwk, Promise<ImportedKey>>();

  constructor(keys: KeyRing, { issuer, audience }: TokenAudience) {
    this.#keys = keys;
    this.#issuer = issuer;
    this.#audience = audience;
  }

  async issue({ userId, role, sessionId }: AccessTokenClaims, { issuedAt, expiresAt }: { issuedAt: Date; expiresAt: Date }): Promise<string> {
    const [current] = await this.#keys.privateKeys();
    if (current === undefined) throw new Error('The key ring holds no signing key.');
    return new SignJWT({ role, sid: sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE, kid: current.kid })
      .setIssuer(this.#issuer)
      .setAudience(this.#audience)
      .setSubject(userId)
      .setIssuedAt(seconds(issuedAt))
      .setExpirationTime(seconds(expiresAt))
      .sign(await imported(this.#signing, current, () => importJWK(current, ALGORITHM)));
  }

  async verify(token: string, now: Date): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.#verifyingKey(header), {
        algorithms: [ALGORITHM],
        typ: TOKEN_TYPE,
        issuer: this.#issuer,
        audience: this.#audience,
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

  async publicKeys(): Promise<Jwks> {
    const keys = await this.#keys.privateKeys();
    return { keys: keys.map((key) => ({ ...publicPart(key), alg: ALGORITHM, use: 'sig' })) };
  }

  async #verifyingKey(header: JWTHeaderParameters): Promise<ImportedKey | KeyObject> {
    const keys = await this.#keys.privateKeys();
    const key = keys.find((candidate) => candidate.kid === header.kid);
    if (key === undefined) throw new UnauthorizedError('The access token is signed with a key this service does not know.');
    return imported(this.#verifying, key, () => importJWK(publicPart(key), ALGORITHM));
  }
}

function imported(cache: WeakMap<PrivateJwk, Promise<ImportedKey>>, key: PrivateJwk, load: () => Promise<ImportedKey>): Promise<ImportedKey> {
  let found = cache.get(key);
  if (found === undefined) {
    found = load();
    cache.set(key, found);
  }
  return found;
}

const publicPart = ({ kty, crv, kid, x, y }: PrivateJwk) => ({ kty, crv, kid, x, y });
const seconds = (moment: Date): number => Math.floor(moment.getTime() / 1000);
