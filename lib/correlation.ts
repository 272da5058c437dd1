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

/** Where the id of the work under way is kept. */
export type CorrelationStore = {
  run<T>(id: string, work: () => T): T;
  current(): string | undefined;
};

/**
 * `concurrent`: whether this process may run several invocations at once. If it may, each gets its
 * own id through an AsyncLocalStorage. If not, one slot is enough: the invocation under way sets it
 * and the next one replaces it. That matters, because on Node 22 an AsyncLocalStorage, once used,
 * hooks every promise the process makes from then on, the SDK's many included: 2 to 5 ms of a cold
 * start here. AWS's own @aws/lambda-invoke-store makes the same choice, on the same signal.
 */
export function correlationStore(concurrent: boolean): CorrelationStore {
  if (concurrent) {
    const storage = new AsyncLocalStorage<string>();
    return { run: (id, work) => storage.run(id, work), current: () => storage.getStore() };
  }
  let slot: string | undefined;
  return {
    run(id, work) {
      slot = id;
      return work();
    },
    current: () => slot,
  };
}

/**
 * Whether a process with this environment may run several invocations at once. Lambda runs one at a
 * time, unless AWS_LAMBDA_MAX_CONCURRENCY allows more. serverless offline (IS_OFFLINE) runs concurrent
 * calls in one process with --in-process, and tests and scripts (no AWS_LAMBDA_FUNCTION_NAME) may too.
 * Queue records are handled one after another (see queue-handler.ts), so one invocation never has two
 * ids under way at once.
 */
export function mayRunConcurrently(env: NodeJS.ProcessEnv): boolean {
  return env.AWS_LAMBDA_FUNCTION_NAME === undefined || env.AWS_LAMBDA_MAX_CONCURRENCY !== undefined || env.IS_OFFLINE !== undefined;
}

const store = correlationStore(mayRunConcurrently(process.env));

/** Runs `work` with `id` as the correlation id of everything it does, including messages it sends. */
export function withCorrelationId<T>(id: string, work: () => T): T {
  return store.run(id, work);
}

export function currentCorrelationId(): string | undefined {
  return store.current();
}
