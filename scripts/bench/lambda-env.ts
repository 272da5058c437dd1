import { join } from 'node:path';
import type { FunctionSpec } from './package-sizes.ts';
import type { Endpoints } from './stack.ts';

/**
 * What Lambda would give the function: its environment from the packaged template, the local stack's
 * endpoints and dummy credentials, and nothing of this shell (no real credentials, no npm_* noise).
 * A function that names an SSM parameter for its signing keys gets the bench stack's key itself in
 * SIGNING_KEY_JWK instead (as npm start does), so it verifies the tokens that stack signed and never
 * calls SSM, which the local stack does not have.
 */
export function lambdaEnv(fn: FunctionSpec, stack: Endpoints, workDir: string, signingKey: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: stack.region,
    AWS_DEFAULT_REGION: stack.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.sqs,
    // Lambda has no ~/.aws; neither do the runs, so an engineer's own config cannot change them.
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memory),
    ...fn.environment,
    ...(fn.environment.SIGNING_KEY_PARAMETER === undefined ? {} : { SIGNING_KEY_JWK: signingKey }),
  };
}
