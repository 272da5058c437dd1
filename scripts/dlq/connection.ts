import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../lib/aws/clients.ts';

/** Where `npm start` runs fauxqs by default, and the region and dummy credentials it uses. */
const LOCAL_SQS = 'http://127.0.0.1:9324';
const LOCAL_REGION = 'eu-west-1';
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type Connection = { sqs: SQSClient; where: string; notice?: string };

/**
 * Which SQS to talk to: an endpoint from the environment (the tests, LocalStack) wins; otherwise the
 * real account with `--aws`; otherwise the local stack on its default port.
 */
export async function connect(useAws: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined) {
    // An emulator checks no signature: keys from the environment if set, never a profile's real ones.
    const credentials =
      env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined ? undefined : DUMMY_CREDENTIALS;
    return {
      sqs: sqsClient({ region: env.AWS_REGION ?? LOCAL_REGION, ...(credentials && { credentials }) }, env),
      where: endpoint,
      ...(useAws && { notice: `--aws ignored: the SQS endpoint is set to ${endpoint} in the environment.` }),
    };
  }
  if (useAws) {
    // The SDK's own chain: AWS_PROFILE, SSO, environment keys, instance roles; the region likewise.
    const sqs = sqsClient({}, env);
    const region = await sqs.config.region().catch(() => {
      throw new Error('--aws needs a region: set AWS_REGION, or AWS_PROFILE to a profile that has one');
    });
    return { sqs, where: `AWS (${region})` };
  }
  return {
    sqs: sqsClient({ region: LOCAL_REGION, credentials: DUMMY_CREDENTIALS }, { AWS_ENDPOINT_URL_SQS: LOCAL_SQS }),
    where: LOCAL_SQS,
  };
}
