import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

/**
 * SDK clients, found only through the SDK's standard environment (AWS_REGION, AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS), so one build runs on AWS, LocalStack or the local stack.
 */
export function dynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({});
}

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}

export function sqsClient(config: SQSClientConfig = {}, env: NodeJS.ProcessEnv = process.env): SQSClient {
  // By default the SQS client sends each call to the host named in the queue URL. Local emulators hand
  // out URLs whose host does not resolve (fauxqs: sqs.<region>.localhost), so when an endpoint is
  // configured it is given explicitly, which makes the client use it for every call.
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  return new SQSClient(endpoint === undefined ? config : { ...config, endpoint });
}
