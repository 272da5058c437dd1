import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { checkedLocally } from './local-iam.ts';

/**
 * SDK clients, found only through the SDK's standard environment (AWS_REGION, AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SESV2), so one build
 * runs on AWS, LocalStack or the local stack; under the local stack each call is checked against the
 * calling function's role (lib/aws/local-iam.ts).
 */
export function dynamoDbClient(): DynamoDBClient {
  return checkedLocally('dynamodb', new DynamoDBClient({}));
}

export function sqsClient(config: SQSClientConfig = {}, env: NodeJS.ProcessEnv = process.env): SQSClient {
  // By default the SQS client sends each call to the host named in the queue URL. Local emulators hand
  // out URLs whose host does not resolve (fauxqs: sqs.<region>.localhost), so when an endpoint is
  // configured it is given explicitly, which makes the client use it for every call.
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  return checkedLocally('sqs', new SQSClient(endpoint === undefined ? config : { ...config, endpoint }), env);
}

export function ssmClient(): SSMClient {
  return checkedLocally('ssm', new SSMClient({}));
}

export function sesClient(): SESv2Client {
  return checkedLocally('ses', new SESv2Client({}));
}
