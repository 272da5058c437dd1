import type { Role } from './user.ts';

/** Access tokens are not checked against sessions, so this is how long one outlives a logout. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60;

/** What a valid access token says about its bearer. */
/** The email rides along so that services acting for the user (an order's notifications) need not read the users table. */
export type AccessTokenClaims = Readonly<{ userId: string; email: string; role: Role; sessionId: string }>;

/** What a login or a refresh answers. */
export type TokenPair = {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
};

/** A public key as a JSON Web Key (kty, crv, x, y, kid, alg, use). */
type PublicJwk = Readonly<Record<string, string>>;

/** The document served at /.well-known/jwks.json. */
export type Jwks = { keys: PublicJwk[] };
