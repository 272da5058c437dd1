/**
 * The child of one cold-init run: a fresh node process loads one bundle, answers one event, reports
 * its timings on fd 3 and exits. The bench compiles this file to plain JS first, because a .ts entry
 * makes node load its type stripper, which costs a fresh process about 90 ms.
 *
 *   node runner.mjs <bundle.mjs> <export name> <event JSON>
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type RunnerReport =
  | { ok: true; bootMs: number; loadMs: number; invokeMs: number; response: unknown }
  | { ok: false; error: string };

type Handler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

const [bundle = '', exportName = 'handler', eventJson = '{}'] = process.argv.slice(2);
const event: unknown = JSON.parse(eventJson);
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench';
// What Lambda hands a handler; powertools reads it for every log line.
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${functionName}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 6000,
};

const report = (result: RunnerReport): void => void writeSync(3, `${JSON.stringify(result)}\n`);

try {
  // Lambda's Node runtime has already loaded node:http (its runtime API client uses it) when it imports
  // a handler, so there a handler's own import of it costs nothing. Loaded here before the timer starts,
  // for ours and the floors alike: it falls in boot (and in total, on both sides), never in load.
  await import('node:http');
  // performance.now() counts from this process's start, so loadStart is node's boot time, node:http included.
  const loadStart = performance.now();
  const loaded = (await import(pathToFileURL(bundle).href)) as Record<string, Handler | undefined>;
  const loadEnd = performance.now();
  const handler = loaded[exportName];
  if (handler === undefined) throw new Error(`${bundle} exports no ${exportName}`);
  const response = await handler(event, context);
  const answered = performance.now();
  report({ ok: true, bootMs: loadStart, loadMs: loadEnd - loadStart, invokeMs: answered - loadEnd, response });
  // The SDK keeps its sockets open, which would keep this process alive.
  process.exit(0);
} catch (error) {
  report({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
