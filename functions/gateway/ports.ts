import type { Role } from '../../lib/roles.ts';

/** What a valid access token says about its bearer (the handlers' `Caller`, lib/http/caller.ts). */
export type Bearer = Readonly<{ userId: string; role: Role; sessionId: string }>;

/** Checks access tokens with the public keys the users service publishes. */
export interface AccessTokenVerifier {
  /** Who the bearer is, for a token the users service signed that is valid at `now`; otherwise UnauthorizedError. */
  verify(token: string, now: Date): Promise<Bearer>;
}

export type { Clock } from '../../lib/clock.ts';
