import type { PrivateJwk } from '../ports.ts';

/** The one algorithm we sign with and the only one verification accepts (no `none`, no HS256 with a public key). */
export const ALGORITHM = 'ES256';
/** RFC 9068's type for access tokens, so no other kind of JWT (an ID token, say) passes for one. */
export const TOKEN_TYPE = 'at+jwt';

/** Who signs the tokens (iss) and whom they are for (aud). */
export type TokenAudience = Readonly<{ issuer: string; audience: string }>;

/** A key's public half, as the JWKS publishes it and verification imports it. */
export const publicPart = ({ kty, crv, kid, x, y }: PrivateJwk) => ({ kty, crv, kid, x, y });

/** `make`, run once per key: the key rings hand out the same key objects until their keys change. */
export function perKey<V>(make: (key: PrivateJwk) => V): (key: PrivateJwk) => V {
  const made = new WeakMap<PrivateJwk, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
