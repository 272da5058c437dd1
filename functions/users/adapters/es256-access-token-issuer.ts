import { importJWK, SignJWT } from 'jose';
import type { AccessTokenClaims, Jwks } from '../domain/tokens.ts';
import type { AccessTokenIssuer, KeyRing } from '../ports.ts';
import { ALGORITHM, perKey, publicPart, TOKEN_TYPE, type TokenAudience } from './access-token-format.ts';

/**
 * Access tokens as JWTs signed ES256 with jose, by the key ring's first key: header alg, typ and
 * `kid`; claims role, sid, iss, aud, sub, iat and exp. jose checks them too (jose-access-token-verifier.ts).
 */
export class Es256AccessTokenIssuer implements AccessTokenIssuer {
  readonly #keys: KeyRing;
  readonly #audience: TokenAudience;
  readonly #privateKey = perKey((jwk) => importJWK({ ...jwk }, ALGORITHM));

  constructor(keys: KeyRing, audience: TokenAudience) {
    this.#keys = keys;
    this.#audience = audience;
  }

  async issue({ userId, role, sessionId }: AccessTokenClaims, { issuedAt, expiresAt }: { issuedAt: Date; expiresAt: Date }): Promise<string> {
    const [current] = await this.#keys.privateKeys();
    if (current === undefined) throw new Error('The key ring holds no signing key.');
    return new SignJWT({ role, sid: sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE, kid: current.kid })
      .setIssuer(this.#audience.issuer)
      .setAudience(this.#audience.audience)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await this.#privateKey(current));
  }

  async publicKeys(): Promise<Jwks> {
    const keys = await this.#keys.privateKeys();
    return { keys: keys.map((key) => ({ ...publicPart(key), alg: ALGORITHM, use: 'sig' })) };
  }
}
