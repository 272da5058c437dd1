import * as z from '../../lib/zod.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { JwksAccessTokenVerifier } from './adapters/jwks-access-token-verifier.ts';

/** The gateway's composition root, once per container: the authorizers need only the public keys. */
const config = readConfig(
  z.object({
    TOKEN_ISSUER: z.string().check(z.minLength(1)),
    TOKEN_AUDIENCE: z.string().check(z.minLength(1)),
    JWKS_URL: z.url(),
  }),
);

export const clock = systemClock;
export const accessTokenVerifier = new JwksAccessTokenVerifier(new URL(config.JWKS_URL), {
  issuer: config.TOKEN_ISSUER,
  audience: config.TOKEN_AUDIENCE,
});
