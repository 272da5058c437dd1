import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { once } from '../../lib/once.ts';
import * as z from '../../lib/zod.ts';
import { ConfiguredKeyRing } from './adapters/configured-key-ring.ts';
import { Es256AccessTokenIssuer } from './adapters/es256-access-token-issuer.ts';
import { JoseAccessTokenVerifier } from './adapters/jose-access-token-verifier.ts';
import { SsmKeyRing } from './adapters/ssm-key-ring.ts';
import type { Clock, KeyRing } from './ports.ts';

/**
 * The users service's keys and access tokens, composed apart from compose.ts so that what only checks
 * tokens (the gateway's authorizers, which run before every protected request, and the JWKS) bundles
 * no table client: lib-dynamodb is not marked free of side effects, so importing it at all keeps it.
 */
export const clock: Clock = systemClock;

const tokenConfig = /* @__PURE__ */ once(() =>
  readConfig(
    z
      .object({
        TOKEN_ISSUER: z.string().check(z.minLength(1)),
        TOKEN_AUDIENCE: z.string().check(z.minLength(1)),
        // Locally: the private JWK (or JWK Set) itself. It wins when both are set, so a stage that names a
        // parameter in serverless.yml still runs offline on the dev key; never set it on AWS.
        SIGNING_KEY_JWK: z.optional(z.string().check(z.minLength(1))),
        // On AWS: the name of the SSM SecureString that holds it.
        SIGNING_KEY_PARAMETER: z.optional(z.string().check(z.minLength(1))),
      })
      .check(
        z.refine((env) => env.SIGNING_KEY_JWK !== undefined || env.SIGNING_KEY_PARAMETER !== undefined, {
          path: ['SIGNING_KEY_JWK'],
          message: 'set SIGNING_KEY_JWK (a private JWK, locally) or SIGNING_KEY_PARAMETER (an SSM parameter name, on AWS)',
        }),
      ),
  ),
);
const keyRing = /* @__PURE__ */ once((): KeyRing => {
  const { SIGNING_KEY_JWK, SIGNING_KEY_PARAMETER } = tokenConfig();
  if (SIGNING_KEY_JWK !== undefined) return new ConfiguredKeyRing(SIGNING_KEY_JWK, 'SIGNING_KEY_JWK');
  return new SsmKeyRing(new SSMClient({}), String(SIGNING_KEY_PARAMETER));
});
const audience = /* @__PURE__ */ once(() => {
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = tokenConfig();
  return { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE };
});
export const accessTokenIssuer = /* @__PURE__ */ once(() => new Es256AccessTokenIssuer(keyRing(), audience()));
export const accessTokenVerifier = /* @__PURE__ */ once(() => new JoseAccessTokenVerifier(keyRing(), audience()));
