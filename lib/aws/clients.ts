import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { traced } from '../observability.ts';

/**
 * SDK clients, found only through the SDK's standard environment (AWS_REGION, AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SESV2), so one build
 * runs on AWS, LocalStack or the local stack; each one traced (lib/observability.ts).
 */
export function dynamoDbClient(): DynamoDBClient {
  return traced(new DynamoDBClient({}));
}

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}

export function sqsClient(config: SQSClientConfig = {}, env: NodeJS.ProcessEnv = process.env): SQSClient {
  // By default the SQS client sends each call to the host named in the queue URL. Local emulators hand
  // out URLs whose host does not resolve (fauxqs: sqs.<region>.localhost), so when an endpoint is
  // configured it is given explicitly, which makes the client use it for every call.
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  return traced(new SQSClient(endpoint === undefined ? config : { ...config, endpoint }));
}

export function ssmClient(): SSMClient {
  return traced(new SSMClient({}));
}

export function sesClient(): SESv2Client {
  return traced(new SESv2Client({}));
}
