/**
 * The data the benched events act on, made through the gateway as a client would, so every answer is
 * the real one: a customer and an admin (promoted by `npm run admin:promote`, the only way to one),
 * products, confirmed orders, and a reply queue for ReserveStock and ChargePayment. A write spends what
 * it acts on, so each run gets its own.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Endpoints } from '../local/launch.ts';

/** Who an authorizer vouched for: requestContext.authorizer.lambda (lib/http/caller.ts). */
export type Caller = { userId: string; role: string; sessionId: string; email: string };
export type SignedIn = { email: string; caller: Caller; accessToken: string; refreshToken: string };

export type Seed = {
  password: string;
  customer: SignedIn;
  admin: SignedIn;
  /** Read by getProduct, the load tests and the floors; reserved from by stockCommands. */
  productId: string;
  /** One per run, each spent by it: products at version 1, refresh tokens, live sessions. */
  toUpdate: string[];
  toDelete: string[];
  refreshTokens: string[];
  sessions: Caller[];
  replyQueue: string;
  /** The customer's order, CONFIRMED, with its notification sent: read by getOrder, listOrders and listNotifications. */
  orderId: string;
  /** One CONFIRMED order per run, each cancelled by it. */
  toCancel: string[];
  /** Customers who place the saga's orders between them, each within the orders service's limit a minute. */
  buyers: SignedIn[];
};

const PASSWORD = 'correct horse battery staple';

export const freshEmail = (): string => `bench-${randomUUID()}@example.com`;

export async function seed(root: string, stack: Endpoints, runs: number, buyerCount: number): Promise<Seed> {
  const customerEmail = await register(stack);
  const adminEmail = await register(stack);
  await promisify(execFile)(process.execPath, [join(root, 'scripts/admin-promote.ts'), adminEmail, '--stage', stack.stage], {
    cwd: root,
    env: { PATH: process.env.PATH, AWS_REGION: stack.region, AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
  });
  // The role is written into tokens at login, so the admin logs in once promoted.
  const admin = await logIn(stack, adminEmail);
  const customer = await logIn(stack, customerEmail);
  const product = (name: string, stock: number) =>
    post(stack, '/products', { name, priceCents: 1999, currency: 'EUR', category: 'bench', stock }, 201, admin.accessToken).then((body) => String(body.id));

  // One at a time: with a worker thread per concurrent call, in parallel is only slower.
  const productId = await product('Bench kettle', 1_000_000);
  const [toUpdate, toDelete, refreshTokens, sessions] = [[], [], [], []] as [string[], string[], string[], Caller[]];
  for (let n = 0; n < runs; n++) {
    toUpdate.push(await product(`Bench update ${n}`, 1));
    toDelete.push(await product(`Bench delete ${n}`, 1));
    refreshTokens.push((await logIn(stack, customerEmail)).refreshToken);
    sessions.push((await logIn(stack, customerEmail)).caller);
  }

  // Orders only when functions are benched: the saga's own count must not see their saga.
  const orders: string[] = [];
  for (let n = 0; n < (runs === 0 ? 0 : runs + 1); n++) orders.push(await placeOrder(stack, productId, customer));
  for (const id of orders) await until(`order ${id} CONFIRMED`, async () => (await get(stack, `/orders/${id}`, customer.accessToken)).state === 'CONFIRMED');
  const [orderId = '', ...toCancel] = orders;
  const buyers: SignedIn[] = [];
  for (let n = 0; n < buyerCount; n++) buyers.push(await logIn(stack, await register(stack)));
  if (runs > 0) await until('its notification', async () => ((await get(stack, '/notifications', customer.accessToken)).items as unknown[]).length > 0);

  // Named like the stage's own queues, the only ones serverless.yml lets the function send to.
  const replyQueue = `shop-${stack.stage}-bench-replies`;
  const sqs = new SQSClient({ region: stack.region, endpoint: stack.sqs, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await sqs.send(new CreateQueueCommand({ QueueName: replyQueue })).finally(() => sqs.destroy());
  return { password: PASSWORD, customer, admin, productId, toUpdate, toDelete, refreshTokens, sessions, replyQueue, orderId, toCancel, buyers };
}

async function placeOrder(stack: Endpoints, productId: string, customer: SignedIn): Promise<string> {
  const response = await fetch(`${stack.api}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.accessToken}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`Seeding: POST /orders answered ${response.status}: ${text.slice(0, 300)}`);
  return String((JSON.parse(text) as { id: string }).id);
}

async function get(stack: Endpoints, path: string, bearer: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.api}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`Seeding: GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The saga runs on its own time: wait for what it brings, a while. */
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Seeding: no ${what} after 30 s.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function register(stack: Endpoints): Promise<string> {
  const email = freshEmail();
  await post(stack, '/auth/register', { email, password: PASSWORD, name: 'Bench user' }, 201);
  return email;
}

async function logIn(stack: Endpoints, email: string): Promise<SignedIn> {
  const { accessToken, refreshToken } = (await post(stack, '/auth/login', { email, password: PASSWORD }, 200)) as { accessToken: string; refreshToken: string };
  // The claims the authorizer would hand on (sub, role, sid), read unchecked: the stack just signed them.
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; role: string; sid: string };
  return { email, caller: { userId: claims.sub, role: claims.role, sessionId: claims.sid, email }, accessToken, refreshToken };
}

async function post(stack: Endpoints, path: string, body: unknown, status: number, bearer?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== status) throw new Error(`Seeding: POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}
