import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../lib/aws/clients.ts';
import { awsTarget } from '../aws-target.ts';

export type Connection = { sqs: SQSClient; where: string; notice?: string };

/** The SQS client of `awsTarget` (see there), with the region checked up front for --aws. */
export async function connect(useAws: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const { config, where, notice } = awsTarget('sqs', useAws, env);
  const sqs = sqsClient(config, env);
  if (where !== 'AWS') return { sqs, where, ...(notice !== undefined && { notice }) };
  const region = await sqs.config.region().catch(() => {
    throw new Error('--aws needs a region: set AWS_REGION, or AWS_PROFILE to a profile that has one');
  });
  return { sqs, where: `AWS (${region})` };
}
