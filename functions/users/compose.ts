import { randomBytes, randomUUID } from 'node:crypto';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import * as z from '../../lib/zod.ts';
import { documentClient, dynamoDbClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { readConfig } from '../../lib/config.ts';
import { once } from '../../lib/once.ts';
import { ConfiguredKeyRing } from './adapters/configured-key-ring.ts';
import { DynamoDbLoginAttempts } from './adapters/dynamodb-login-attempts.ts';
import { DynamoDbSessionStore } from './adapters/dynamodb-session-store.ts';
import { DynamoDbUserRepository } from './adapters/dynamodb-user-repository.ts';
import { JoseAccessTokens } from './adapters/jose-access-tokens.ts';
import { ScryptPasswordHasher } from './adapters/scrypt-password-hasher.ts';
import { SsmKeyRing } from './adapters/ssm-key-ring.ts';
import type { Clock, IdGenerator, KeyRing, SecretGenerator } from './ports.ts';

/**
 * The users service's composition root: each handler takes what it needs, once per container.
 * Configuration is read in two parts, so a function that only checks tokens (the authorizer) needs
 * no table, and one that only reads the table needs no keys. The PURE marks let esbuild drop the rest.
 */
const tableConfig = /* @__PURE__ */ once(() => readConfig(z.object({ USERS_TABLE: z.string().check(z.minLength(1)) })));
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
const dynamo = /* @__PURE__ */ once(dynamoDbClient);
const documents = /* @__PURE__ */ once(() => documentClient(dynamo()));

export const clock: Clock = { now: () => new Date() };
export const ids: IdGenerator = { next: () => randomUUID() };
/** 256 random bits, base64url (43 characters). */
export const secrets: SecretGenerator = { next: () => randomBytes(32).toString('base64url') };

export const userRepository = /* @__PURE__ */ once(() => new DynamoDbUserRepository(documents(), tableConfig().USERS_TABLE));
export const sessionStore = /* @__PURE__ */ once(() => new DynamoDbSessionStore(documents(), tableConfig().USERS_TABLE));
export const loginAttempts = /* @__PURE__ */ once(() => new DynamoDbLoginAttempts(documents(), tableConfig().USERS_TABLE));
export const passwordHasher = /* @__PURE__ */ once(() => new ScryptPasswordHasher());
export const readinessProbes = /* @__PURE__ */ once(() => [tableProbe(dynamo(), tableConfig().USERS_TABLE)]);

const keyRing = /* @__PURE__ */ once((): KeyRing => {
  const { SIGNING_KEY_JWK, SIGNING_KEY_PARAMETER } = tokenConfig();
  if (SIGNING_KEY_JWK !== undefined) return new ConfiguredKeyRing(SIGNING_KEY_JWK, 'SIGNING_KEY_JWK');
  return new SsmKeyRing(new SSMProvider({ awsSdkV3Client: new SSMClient({}) }), String(SIGNING_KEY_PARAMETER));
});
export const accessTokens = /* @__PURE__ */ once(() => {
  const { TOKEN_ISSUER, TOKEN_AUDIENCE } = tokenConfig();
  return new JoseAccessTokens(keyRing(), { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
});
