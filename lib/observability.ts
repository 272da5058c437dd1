import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import { logger } from './logger.ts';

/**
 * What every handler's middy stack starts with: the Lambda context on every log line (with keys of
 * the invocation before it reset), and, for a service that counts things, its one Metrics instance (in
 * its compose) flushed once at the end of each invocation, as one EMF line.
 *
 * Tracing is Lambda's own (active tracing, lib/serverless/provider.yml), with no X-Ray SDK in any
 * bundle: Lambda records each invocation, and the AWS SDK hands the invocation's trace id to every call
 * it makes (its recursion-detection middleware sets X-Amzn-Trace-Id), so a message sent to a queue
 * carries the trace on to the function that consumes it. Every log line names its trace
 * (`xray_trace_id`) beside its correlation id.
 */
export const observability = (metrics?: Metrics): MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true }),
  ...(metrics === undefined ? [] : [logMetrics(metrics) as MiddlewareObj]),
];
