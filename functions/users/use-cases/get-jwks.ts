import type { Jwks } from '../domain/tokens.ts';
import type { AccessTokens } from '../ports.ts';

/** The public keys that verify our access tokens, for GET /.well-known/jwks.json. */
export function getJwks({ tokens }: { tokens: AccessTokens }): Promise<Jwks> {
  return tokens.publicKeys();
}
