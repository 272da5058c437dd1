import { importJWK, SignJWT } from 'jose';
import type { AccessTokenClaims, Jwks } from '../domain/tokens.ts';
import type { AccessTokenIssuer, KeyRing, PrivateJwk } from '../ports.ts';

/** The one algorithm we sign with, and the only one the gateway accepts (no `none`, no HS256 with a public key). */
const ALGORITHM = 'ES256';
/** RFC 9068's type for access tokens, so no other kind of JWT (an ID token, say) passes for one. */
const TOKEN_TYPE = 'at+jwt';

/** Who signs the tokens (iss) and whom they are for (aud). */
type TokenAudience = Readonly<{ issuer: string; audience: string }>;

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * Access tokens as JWTs signed ES256 with jose, by the key ring's first key: header alg, typ and
 * `kid`; claims email, role, sid, iss, aud, sub, iat and exp. The gateway checks them with the public keys
 * publicKeys() gives (functions/gateway/adapters/jwks-access-token-verifier.ts).
 */
export class Es256AccessTokenIssuer implements AccessTokenIssuer {
  readonly #keys: KeyRing;
  readonly #audience: TokenAudience;
  /** Each key imported once: the key ring hands out the same key objects until its keys change. */
  readonly #imported = new WeakMap<PrivateJwk, Promise<SigningKey>>();

  constructor(keys: KeyRing, audience: TokenAudience) {
    this.#keys = keys;
    this.#audience = audience;
  }

  async issue({ userId, email, role, sessionId }: AccessTokenClaims, { issuedAt, expiresAt }: { issuedAt: Date; expiresAt: Date }): Promise<string> {
    const [current] = await this.#keys.privateKeys();
    if (current === undefined) throw new Error('The key ring holds no signing key.');
    return new SignJWT({ email, role, sid: sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE, kid: current.kid })
      .setIssuer(this.#audience.issuer)
      .setAudience(this.#audience.audience)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await this.#signingKey(current));
  }

  async publicKeys(): Promise<Jwks> {
    const keys = await this.#keys.privateKeys();
    return { keys: keys.map(({ kty, crv, kid, x, y }) => ({ kty, crv, kid, x, y, alg: ALGORITHM, use: 'sig' })) };
  }

  #signingKey(key: PrivateJwk): Promise<SigningKey> {
    let imported = this.#imported.get(key);
    if (imported === undefined) {
      imported = importJWK({ ...key }, ALGORITHM);
      this.#imported.set(key, imported);
    }
    return imported;
  }
}
