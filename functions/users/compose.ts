import { randomBytes } from 'node:crypto';
import * as z from '../../lib/zod.ts';
import { dynamoDbClient } from '../../lib/aws/clients.ts';
import { documentClient } from '../../lib/aws/document-client.ts';
import { tableProbe } from '../../lib/aws/dynamodb-readiness.ts';
import { systemClock } from '../../lib/clock.ts';
import { readConfig } from '../../lib/config.ts';
import { randomIds } from '../../lib/ids.ts';
import { DynamoDbLoginAttempts } from './adapters/dynamodb-login-attempts.ts';
import { DynamoDbSessionStore } from './adapters/dynamodb-session-store.ts';
import { DynamoDbUserRepository } from './adapters/dynamodb-user-repository.ts';
import { ScryptPasswordHasher } from './adapters/scrypt-password-hasher.ts';
import type { Clock, IdGenerator, SecretGenerator } from './ports.ts';

/**
 * The users service's composition root, built once per container. The signing key and the tokens are
 * composed in compose-tokens.ts, which only the functions that hand out tokens import.
 */
const config = readConfig(z.object({ USERS_TABLE: z.string().check(z.minLength(1)) }));

const dynamo = dynamoDbClient();
const documents = documentClient(dynamo);

export const clock: Clock = systemClock;
export const ids: IdGenerator = randomIds;
/** 256 random bits, base64url (43 characters). */
export const secrets: SecretGenerator = { next: () => randomBytes(32).toString('base64url') };

export const userRepository = new DynamoDbUserRepository(documents, config.USERS_TABLE);
export const sessionStore = new DynamoDbSessionStore(documents, config.USERS_TABLE);
export const loginAttempts = new DynamoDbLoginAttempts(documents, config.USERS_TABLE);
export const passwordHasher = new ScryptPasswordHasher();
export const readinessProbes = [tableProbe(dynamo, config.USERS_TABLE)];
