import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from '../zod.ts';
import { acceptCorrelationId, CORRELATION_ATTRIBUTE, withCorrelationId } from '../correlation.ts';
import { scopedToFunction } from '../invocation.ts';
import { logger } from '../logger.ts';
import { observability } from '../observability.ts';
import { zodFieldErrors } from '../validation.ts';
import { deferralDelay, deferralsOf, RetryLaterError, type DeferralPace, type Requeue } from './retry-later.ts';

/** A record that can never be processed as it is; it fails, is retried, and ends in the DLQ. */
class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/** How a consumer lets a record wait (RetryLaterError): where it is sent back, and how its waits grow. */
export type Deferral = { requeue: Requeue; pace: DeferralPace };

/**
 * The one middy stack for queue consumers, scoped to its function (lib/invocation.ts): records are
 * parsed with their contract and handled one by one (so each log line carries its own record's
 * correlation id: the message attribute's, else the envelope's), and each logs one line: INFO when
 * handled or deferred, WARN or ERROR when not. A record that throws is reported in batchItemFailures and
 * comes back later, and after maxReceiveCount its queue moves it to the DLQ. With a `deferral`, a record
 * whose work throws RetryLaterError is sent back to wait (retry-later.ts) while its time lasts, and fails
 * as any other once it is past.
 */
export function queueHandler<S extends z.ZodMiniType>(
  contract: S,
  handleMessage: (message: z.output<S>) => Promise<void>,
  { deferral, metrics }: { deferral?: Deferral; metrics?: Metrics } = {},
) {
  const deferred = async (record: SQSRecord, message: unknown, error: RetryLaterError): Promise<boolean> => {
    const secondsLeft = (error.until.getTime() - Date.now()) / 1000;
    if (deferral === undefined || secondsLeft < 1) return false;
    const deferrals = deferralsOf(record);
    const delaySeconds = deferralDelay(deferrals, deferral.pace, secondsLeft);
    await deferral.requeue(record, delaySeconds, deferrals + 1);
    logger.info('message deferred', { ...subjectOf(message), reason: error.message, delaySeconds, deferrals: deferrals + 1, until: error.until.toISOString() });
    return true;
  };

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const body = jsonOf(record.body);
    const correlationId = acceptCorrelationId(
      record.messageAttributes[CORRELATION_ATTRIBUTE]?.stringValue ?? (body as { correlationId?: string } | undefined)?.correlationId,
    );
    logger.setCorrelationId(correlationId);
    logger.appendKeys({ messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
    try {
      const message = parseRecord(contract, body);
      try {
        await withCorrelationId(correlationId, () => handleMessage(message));
      } catch (error) {
        if (error instanceof RetryLaterError && (await deferred(record, message, error))) return;
        throw error instanceof RetryLaterError ? (error.cause as Error) : error;
      }
      logger.info('message handled', subjectOf(message));
    } catch (error) {
      if (error instanceof InvalidMessageError) logger.warn('message refused', { reason: error.message });
      else logger.error('message failed', { error: error as Error });
      throw error;
    }
  };

  return scopedToFunction(
    middy<SQSEvent, SQSBatchResponse>()
      .use(observability(metrics))
      // A processor per batch: it holds the batch's records and failures, and one process may run several
      // batches of this function at once (serverless-offline runs every function in one process).
      .handler((event, context) => processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context, processInParallel: false })),
  );
}

/**
 * What a handled message's log line says of it: its type, and the order it is about when its data names
 * one (every saga message does), so that an order's messages can be found in the logs by its id.
 */
function subjectOf(message: unknown): { type?: unknown; orderId?: string } {
  const { type, data } = message as { type?: unknown; data?: { orderId?: unknown } };
  return typeof data?.orderId === 'string' ? { type, orderId: data.orderId } : { type };
}

/** The body as JSON, or undefined when it is not JSON. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseRecord<S extends z.ZodMiniType>(contract: S, body: unknown): z.output<S> {
  if (body === undefined) throw new InvalidMessageError('body is not JSON');
  const result = contract.safeParse(body);
  if (!result.success) {
    const reasons = zodFieldErrors(result.error, 'message').map(({ field, reason }) => `${field}: ${reason}`);
    throw new InvalidMessageError(reasons.join('; '));
  }
  return result.data;
}
