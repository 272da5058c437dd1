import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client over a DynamoDB client from clients.ts; it shares that client's middleware, its
 * IAM check included. In a module of its own: @aws-sdk/lib-dynamodb does not declare itself free of
 * side effects, so esbuild keeps it, and DynamoDB's client with it, in every bundle that imports the
 * module it is in, whether the function reads a table or not.
 */
export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}
