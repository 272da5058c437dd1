import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The HTTP header (lower case, as normalised) and the SQS message attribute that carry the id. */
export const CORRELATION_HEADER = 'x-correlation-id';
export const CORRELATION_ATTRIBUTE = 'correlationId';

// A caller-supplied id ends up in every log line, so it is held to a short, plain shape.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it has a sane shape, otherwise a fresh one. */
export function acceptCorrelationId(candidate: string | undefined): string {
  return candidate !== undefined && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
}

// One id per invocation (or record) under way, through all its awaits, even when several run at once
// in one process (serverless offline, tests, Lambda with AWS_LAMBDA_MAX_CONCURRENCY).
const storage = new AsyncLocalStorage<string>();

/** Runs `work` with `id` as the correlation id of everything it does, including messages it sends. */
export function withCorrelationId<T>(id: string, work: () => T): T {
  return storage.run(id, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** The header that carries the current correlation id on a call to another service (none outside any work). */
export function correlationHeader(): Record<string, string> {
  const id = currentCorrelationId();
  return id === undefined ? {} : { [CORRELATION_HEADER]: id };
}
