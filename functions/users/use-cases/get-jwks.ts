import type { Jwks } from '../domain/tokens.ts';
import type { AccessTokenIssuer } from '../ports.ts';

/** The public keys that verify our access tokens, for GET /.well-known/jwks.json. */
export function getJwks({ tokens }: { tokens: AccessTokenIssuer }): Promise<Jwks> {
  return tokens.publicKeys();
}
