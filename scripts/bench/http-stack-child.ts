/**
 * The child of http-stack.ts: our HTTP stack's own cost per call, with no I/O. getProduct's route as
 * httpHandler builds it (logging context, header normalisation, correlation id, body limit, validation
 * of the path, problem mapping, the JSON response) around a handler that answers from memory, against a
 * bare handler that answers the same. Both run in turns, in one process, after a warm-up.
 * Prints an HttpStackCost as JSON on stdout.
 *
 *   node http-stack-child.ts <service root>
 */
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as GetProductSchema from '../../functions/catalog/handlers/get-product.schema.ts';
import type * as HttpHandler from '../../lib/http/http-handler.ts';
import { median } from './cold-init.ts';
import { httpApiEvent } from './events.ts';
import type { HttpStackCost } from './http-stack.ts';

type HttpHandlerModule = typeof HttpHandler;
type SchemaModule = typeof GetProductSchema;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const root = process.argv[2] ?? '.';
// The service's own code (the bench's snapshot), not this checkout's.
const { httpHandler } = (await import(join(root, 'lib/http/http-handler.ts'))) as HttpHandlerModule;
const { GetProductRequest } = (await import(join(root, 'functions/catalog/handlers/get-product.schema.ts'))) as SchemaModule;

const id = '3f0c1a2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const at = '2026-01-01T00:00:00.000Z';
const product = { id, name: 'Kettle', description: '', priceCents: 1999, currency: 'EUR', category: 'bench', stock: 1, version: 1, createdAt: at, updatedAt: at };

const ours = httpHandler(GetProductRequest, async ({ params }) => ({
  status: 200,
  headers: { etag: `"${product.version}"` },
  body: { ...product, id: params.id },
})) as unknown as Handler;
const bare: Handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', etag: `"${product.version}"` },
  body: JSON.stringify({ ...product, id: event.pathParameters?.id }),
});

// A fresh event per call, as the gateway hands one over (the stack changes the event it is given).
const event = (): APIGatewayProxyEventV2 => httpApiEvent({ routeKey: 'GET /products/{id}' }, { pathParameters: { id } });
const context = { awsRequestId: 'bench', functionName: 'getProduct', functionVersion: '$LATEST', invokedFunctionArn: 'arn:bench', memoryLimitInMB: '1024', getRemainingTimeInMillis: () => 6000 } as unknown as Context;

/** Microseconds per call over `calls` calls, each awaited, each answer checked. */
async function perCall(handler: Handler, calls: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const response = await handler(event(), context);
    if (response.statusCode !== 200) throw new Error(`The ${handler === ours ? 'stack' : 'bare handler'} answered ${response.statusCode}: ${response.body}`);
  }
  return ((performance.now() - started) * 1000) / calls;
}

const CALLS = 20_000;
await perCall(ours, CALLS);
await perCall(bare, CALLS);
const samples: Array<{ ours: number; bare: number }> = [];
for (let round = 0; round < 5; round++) samples.push({ ours: await perCall(ours, CALLS), bare: await perCall(bare, CALLS) });
const result: HttpStackCost = {
  oursUs: median(samples.map((s) => s.ours)),
  bareUs: median(samples.map((s) => s.bare)),
  stackUs: median(samples.map((s) => s.ours - s.bare)),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
