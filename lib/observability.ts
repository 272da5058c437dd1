import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { logger } from './logger.ts';

/**
 * X-Ray, through Powertools Tracer. It traces only where Lambda runs the function with active tracing
 * (serverless.yml's provider.tracing): under serverless offline there is no AWS_EXECUTION_ENV, so it
 * stays off and the local stack sends nothing anywhere. Calls made with `fetch` are traced on its own.
 */
export const tracer = new Tracer();

/** An AWS SDK client whose calls show in the trace as subsegments (as it is, when tracing is off). */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);

/**
 * What every handler's middy stack starts with: the Lambda context on every log line (with keys of
 * the invocation before it reset), and a trace segment for the invocation. The trace keeps no
 * response: some carry tokens. A service that counts things has one Metrics instance (in its compose),
 * which this flushes once at the end of each invocation, as one EMF line.
 */
export const observability = (metrics?: Metrics): MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true }),
  captureLambdaHandler(tracer, { captureResponse: false }),
  ...(metrics === undefined ? [] : [logMetrics(metrics) as MiddlewareObj]),
];
