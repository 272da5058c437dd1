import { ssmClient } from '../../lib/aws/clients.ts';
import { readConfig } from '../../lib/config.ts';
import * as z from '../../lib/zod.ts';
import { Es256AccessTokenIssuer } from './adapters/es256-access-token-issuer.ts';
import { SsmKeyRing } from './adapters/ssm-key-ring.ts';

/**
 * The access token issuer and its signing key, apart from compose.ts because only the functions that
 * hand out tokens (logIn, refresh) or publish their public keys (jwks) have the token configuration in
 * their environment, and only they may read the private key: every other function imports compose.ts
 * alone, and would fail its cold start on the variables below.
 */
const config = readConfig(
  z.object({
    TOKEN_ISSUER: z.string().check(z.minLength(1)),
    TOKEN_AUDIENCE: z.string().check(z.minLength(1)),
    // The SSM SecureString that holds the private JWK (or JWK Set), on AWS and locally alike: the key
    // itself is in no function's environment.
    SIGNING_KEY_PARAMETER: z.string().check(z.minLength(1)),
  }),
);

const keyRing = new SsmKeyRing(ssmClient(), config.SIGNING_KEY_PARAMETER);

export const accessTokenIssuer = new Es256AccessTokenIssuer(keyRing, { issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE });
