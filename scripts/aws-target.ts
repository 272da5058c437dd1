/**
 * Which AWS an operator script talks to: an endpoint set in the environment wins (LocalStack, the
 * tests); otherwise the real account with `--aws` (the SDK's usual credentials and region);
 * otherwise the local stack of `npm start` on its default port, with dummy credentials.
 */
const LOCAL_REGION = 'eu-west-1';
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_ENDPOINTS = { dynamodb: 'http://127.0.0.1:8000', sqs: 'http://127.0.0.1:9324' } as const;
const ENDPOINT_VARIABLES = { dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB', sqs: 'AWS_ENDPOINT_URL_SQS' } as const;

export type AwsTarget = {
  /** Configuration for the service's SDK client. */
  config: { region?: string; endpoint?: string; credentials?: typeof DUMMY_CREDENTIALS };
  /** Where that is, for messages. */
  where: string;
  /** Something the user should know (an ignored flag). */
  notice?: string;
};

export function awsTarget(service: keyof typeof LOCAL_ENDPOINTS, useAws: boolean, env: NodeJS.ProcessEnv = process.env): AwsTarget {
  const endpoint = env[ENDPOINT_VARIABLES[service]] ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined) {
    // An emulator checks no signature: keys from the environment if set, never a profile's real ones.
    const credentials = env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined ? undefined : DUMMY_CREDENTIALS;
    return {
      config: { region: env.AWS_REGION ?? LOCAL_REGION, endpoint, ...(credentials && { credentials }) },
      where: endpoint,
      ...(useAws && { notice: `--aws ignored: the endpoint is set to ${endpoint} in the environment.` }),
    };
  }
  if (useAws) return { config: {}, where: 'AWS' };
  return { config: { region: LOCAL_REGION, endpoint: LOCAL_ENDPOINTS[service], credentials: DUMMY_CREDENTIALS }, where: LOCAL_ENDPOINTS[service] };
}
