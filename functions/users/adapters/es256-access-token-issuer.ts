import { Buffer } from 'node:buffer';
import { createPrivateKey, sign } from 'node:crypto';
import type { AccessTokenClaims, Jwks } from '../domain/tokens.ts';
import type { AccessTokenIssuer, KeyRing } from '../ports.ts';
import { ALGORITHM, perKey, publicPart, TOKEN_TYPE, type TokenAudience } from './access-token-format.ts';

/**
 * Access tokens as JWTs (RFC 7519 in JWS compact form, RFC 7515) signed ES256 with node:crypto, by the
 * key ring's first key: header alg, typ and `kid`; claims role, sid, iss, aud, sub, iat and exp.
 *
 * Written here rather than with jose, which checks them (jose-access-token-verifier.ts): jose 6 signs
 * through WebCrypto, whose first use in a process cost a cold login about 3 ms more than node:crypto,
 * and 22 kB of bundle. A compact JWS is two base64url JSON parts and a signature over them; the hard
 * part, verification, stays with jose, and the tests check these tokens with it.
 */
export class Es256AccessTokenIssuer implements AccessTokenIssuer {
  readonly #keys: KeyRing;
  readonly #audience: TokenAudience;
  readonly #privateKey = perKey((jwk) => createPrivateKey({ key: { ...jwk }, format: 'jwk' }));

  constructor(keys: KeyRing, audience: TokenAudience) {
    this.#keys = keys;
    this.#audience = audience;
  }

  async issue({ userId, role, sessionId }: AccessTokenClaims, { issuedAt, expiresAt }: { issuedAt: Date; expiresAt: Date }): Promise<string> {
    const [current] = await this.#keys.privateKeys();
    if (current === undefined) throw new Error('The key ring holds no signing key.');
    const header = { alg: ALGORITHM, typ: TOKEN_TYPE, kid: current.kid };
    const claims = {
      role,
      sid: sessionId,
      iss: this.#audience.issuer,
      aud: this.#audience.audience,
      sub: userId,
      iat: seconds(issuedAt),
      exp: seconds(expiresAt),
    };
    const signingInput = `${base64url(header)}.${base64url(claims)}`;
    // ES256 signatures in a JWS are r and s side by side (RFC 7518 3.4), not DER.
    const signature = sign('sha256', Buffer.from(signingInput), { key: this.#privateKey(current), dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  async publicKeys(): Promise<Jwks> {
    const keys = await this.#keys.privateKeys();
    return { keys: keys.map((key) => ({ ...publicPart(key), alg: ALGORITHM, use: 'sig' })) };
  }
}

const base64url = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url');
const seconds = (moment: Date): number => Math.floor(moment.getTime() / 1000);
