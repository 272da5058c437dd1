import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

// Which function an invocation under way belongs to, through all its awaits, even when invocations of
// several functions run at once in one process (serverless offline runs them all in one).
const storage = new AsyncLocalStorage<string>();

/** The name of the function whose invocation this code runs in (undefined outside any). */
export function currentFunctionName(): string | undefined {
  return storage.getStore();
}

/**
 * The handler, with everything each invocation does marked as done by its function (Lambda's context
 * names it). Wraps the whole middy stack: middy has no hook around an invocation, and a middleware
 * could only mark its caller's context too.
 */
export function scopedToFunction<Event, Result>(handler: (event: Event, context: Context) => Promise<Result>) {
  return (event: Event, context: Context): Promise<Result> => storage.run(context.functionName, () => handler(event, context));
}
