import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one JSON logger. Its service name comes from POWERTOOLS_SERVICE_NAME (set per service in
 * serverless.yml); the middy stacks add the Lambda context and the correlation id to every line.
 */
export const logger = new Logger();
