import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../lib/aws/clients.ts';
import { awsTarget, inRegion, type AwsTarget, type StackChoice } from '../aws-target.ts';

export type Connection = { sqs: SQSClient; endpoint: AwsTarget };

/** The SQS client of `awsTarget` (see there), with the region checked up front for --aws. */
export async function connect(stack: StackChoice, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const target = awsTarget('sqs', stack, env);
  const sqs = sqsClient(target.config, env);
  return { sqs, endpoint: await inRegion(target, () => sqs.config.region()) };
}
