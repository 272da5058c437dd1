/**
 * The data the bench reads and writes, created through the HTTP API as a client would (so the items
 * have exactly the shape the catalog writes), plus a reply queue for the stock commands and a queue
 * for the floors.
 */
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { httpApiEvent } from './events.ts';
import type { FunctionSpec } from './package-sizes.ts';
import { localSqsClient, type Endpoints } from './stack.ts';

export type Seed = {
  /** Read by getProduct, the load test and the floors' GetItem; nothing writes to it. */
  productId: string;
  /** Stock for the ReserveStock commands, so the product above keeps the same body throughout. */
  stockProductId: string;
  /** One fresh product (version 1) per updateProduct / deleteProduct invocation. */
  toUpdate: string[];
  toDelete: string[];
  replyQueue: { name: string; url: string };
  /** Where the floors send what they send (see floor.ts), away from the replies checked. */
  floorQueue: string;
  /** Where the products are (the table createProduct writes to). */
  catalogTable: string;
};

/** `createProduct` is the function serving POST /products. */
export async function seed(stack: Endpoints, invocationsPerFunction: number, createProduct: FunctionSpec): Promise<Seed> {
  const create = (name: string, stock: number) =>
    addProduct(stack, createProduct, { name, priceCents: 1999, currency: 'EUR', category: 'bench', stock });
  const productId = await create('Bench kettle', 10);
  const stockProductId = await create('Bench stock', 1_000_000);
  const toUpdate: string[] = [];
  const toDelete: string[] = [];
  // One at a time: serverless-offline starts a worker per concurrent call, which would only slow this down.
  for (let i = 0; i < invocationsPerFunction; i++) toUpdate.push(await create(`Bench update ${i}`, 1));
  for (let i = 0; i < invocationsPerFunction; i++) toDelete.push(await create(`Bench delete ${i}`, 1));

  const sqs = localSqsClient(stack);
  // Named like the stage's own queues, which is all the IAM policy in serverless.yml would let it send to.
  const name = `shop-${stack.stage}-bench-replies`;
  const floorQueue = `shop-${stack.stage}-bench-floor`;
  const [{ QueueUrl }] = await Promise.all([
    sqs.send(new CreateQueueCommand({ QueueName: name })),
    sqs.send(new CreateQueueCommand({ QueueName: floorQueue })),
  ]);
  sqs.destroy();
  const catalogTable = createProduct.environment.CATALOG_TABLE;
  if (catalogTable === undefined) throw new Error(`Seeding: ${createProduct.key} has no CATALOG_TABLE.`);
  return { productId, stockProductId, toUpdate, toDelete, replyQueue: { name, url: String(QueueUrl) }, floorQueue, catalogTable };
}

/**
 * Through the gateway, as a client would. A route behind an authorizer would need a signed-in admin's
 * token, which only the users service can mint; such a route is invoked instead through serverless-
 * offline's Lambda endpoint with the event the gateway would pass on (the caller already vouched for).
 */
async function addProduct(stack: Endpoints, createProduct: FunctionSpec, draft: Record<string, unknown>): Promise<string> {
  const route = createProduct.routes.find((candidate) => candidate.routeKey === 'POST /products');
  if (route === undefined) throw new Error(`Seeding: ${createProduct.key} does not serve POST /products.`);
  let status: number | undefined;
  let text: string;
  if (route.authorizer === undefined) {
    const response = await fetch(`${stack.api}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(draft),
    });
    status = response.status;
    text = await response.text();
  } else {
    const event = httpApiEvent(route, { headers: { 'content-type': 'application/json' }, body: draft });
    const response = await fetch(`${stack.lambda}/2015-03-31/functions/${createProduct.name}/invocations`, { method: 'POST', body: JSON.stringify(event) });
    const result = (await response.json()) as { statusCode?: number; body?: string };
    status = result.statusCode;
    text = String(result.body);
  }
  const id = status === 201 ? (JSON.parse(text) as { id?: string }).id : undefined;
  if (id === undefined) throw new Error(`Seeding: POST /products answered ${status}: ${text.slice(0, 300)}`);
  return id;
}
