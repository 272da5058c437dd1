import type { AccessTokenClaims } from '../domain/tokens.ts';
import type { AccessTokenVerifier, Clock } from '../ports.ts';

export type VerifyAccessTokenDeps = { tokens: AccessTokenVerifier; clock: Clock };

/**
 * Who the bearer of an access token is: its user, role and session, or UnauthorizedError when the
 * token is not one of ours, was altered, or expired. Sessions are not looked up, so a token stays
 * valid until it expires, even after a logout (at most 15 minutes).
 */
export function verifyAccessToken({ tokens, clock }: VerifyAccessTokenDeps, token: string): Promise<AccessTokenClaims> {
  return tokens.verify(token, clock.now());
}
