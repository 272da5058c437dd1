import type { AccessTokenVerifier, Bearer, Clock } from '../ports.ts';

export type IdentifyCallerDeps = { tokens: AccessTokenVerifier; clock: Clock };

/**
 * Who the bearer of an access token is: its user, role and session, or UnauthorizedError when the
 * token is not the users service's, was altered, or expired. Sessions are not looked up, so a token
 * stays valid until it expires, even after a logout (at most 15 minutes).
 */
export function identifyCaller({ tokens, clock }: IdentifyCallerDeps, token: string): Promise<Bearer> {
  return tokens.verify(token, clock.now());
}
