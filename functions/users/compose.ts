import { randomBytes } from 'node:crypto';
import * as z from '../../lib/zod.ts';
import { documentClient, dynamoDbClient } from '../../lib/aws/clients.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { readConfig } from '../../lib/config.ts';
import { randomIds } from '../../lib/ids.ts';
import { once } from '../../lib/once.ts';
import { DynamoDbLoginAttempts } from './adapters/dynamodb-login-attempts.ts';
import { DynamoDbSessionStore } from './adapters/dynamodb-session-store.ts';
import { DynamoDbUserRepository } from './adapters/dynamodb-user-repository.ts';
import { ScryptPasswordHasher } from './adapters/scrypt-password-hasher.ts';
import type { IdGenerator, SecretGenerator } from './ports.ts';

export { accessTokenIssuer, clock } from './compose-tokens.ts';

/**
 * The users service's composition root: each handler takes what it needs, once per container. Keys and
 * tokens are composed in compose-tokens.ts (the authorizers take them from there, with no table client);
 * a function that only reads the table needs no keys. The PURE marks let esbuild drop the rest.
 */
const tableConfig = /* @__PURE__ */ once(() => readConfig(z.object({ USERS_TABLE: z.string().check(z.minLength(1)) })));
const dynamo = /* @__PURE__ */ once(dynamoDbClient);
const documents = /* @__PURE__ */ once(() => documentClient(dynamo()));

export const ids: IdGenerator = randomIds;
/** 256 random bits, base64url (43 characters). */
export const secrets: SecretGenerator = { next: () => randomBytes(32).toString('base64url') };

export const userRepository = /* @__PURE__ */ once(() => new DynamoDbUserRepository(documents(), tableConfig().USERS_TABLE));
export const sessionStore = /* @__PURE__ */ once(() => new DynamoDbSessionStore(documents(), tableConfig().USERS_TABLE));
export const loginAttempts = /* @__PURE__ */ once(() => new DynamoDbLoginAttempts(documents(), tableConfig().USERS_TABLE));
export const passwordHasher = /* @__PURE__ */ once(() => new ScryptPasswordHasher());
export const readinessProbes = /* @__PURE__ */ once(() => [tableProbe(dynamo(), tableConfig().USERS_TABLE)]);
