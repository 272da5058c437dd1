/**
 * The child of one cold-init run: a fresh node process loads one bundle, answers one event, writes the
 * response on fd 3 and exits. The bench compiles this file to plain JS first: a .ts entry would make
 * node load its type stripper, a cost no Lambda pays.
 *
 *   node runner.mjs <bundle.mjs> <export name> <event JSON>
 */
import { writeSync } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Lambda's Node runtime client loads node:http and makes its keep-alive agent before it loads the
// handler (aws-lambda-nodejs-runtime-interface-client, src/client/rapid-client.ts), through require as
// here: every function, ours or a floor, starts with it loaded.
const { Agent } = createRequire(import.meta.url)('node:http') as { Agent: typeof HttpAgent };
new Agent({ keepAlive: true, maxSockets: 1 });

type Handler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

const [bundle = '', exportName = 'handler', event = '{}'] = process.argv.slice(2);
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench';
// What Lambda hands a handler; Powertools reads it for every log line.
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${functionName}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  getRemainingTimeInMillis: () => 6000,
};

try {
  const handler = ((await import(pathToFileURL(bundle).href)) as Record<string, Handler | undefined>)[exportName];
  if (handler === undefined) throw new Error(`${bundle} exports no ${exportName}`);
  const response = await handler(JSON.parse(event), context);
  // The CPU this process spent to get here: steadier than the wall clock on a busy machine.
  const { user, system } = process.cpuUsage();
  writeSync(3, JSON.stringify({ ok: true, response, cpuMs: (user + system) / 1000 }));
} catch (error) {
  writeSync(3, JSON.stringify({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
}
// The SDK keeps its sockets open, which would keep this process alive.
process.exit(0);
