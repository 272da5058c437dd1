/**
 * The data the benched events act on, made through the gateway as a client would, so every answer is
 * the real one: a customer and an admin (promoted by `npm run admin:promote`, the only way to one),
 * products, confirmed orders, and a reply queue for ReserveStock and ChargePayment. A write spends what
 * it acts on, so each run gets its own.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Endpoints } from '../local/launch.ts';
import { ApiClient, type Send } from '../load/api-client.ts';
import { adminFor } from '../load/setup.ts';

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

export async function seed(stack: Endpoints, sqs: SQSClient, runs: number, buyerCount: number): Promise<Seed> {
  const api = new ApiClient(stack.api, () => {});
  /** The body of the answer, which must have `status`. */
  const call = async <T = Record<string, unknown>>(method: string, path: string, status: number, send?: Send): Promise<T> => {
    const answer = await api.call<T>(`${method} ${path}`, path, send);
    if (answer.status !== status) throw new Error(`Seeding: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer.body;
  };
  const register = async (): Promise<string> => {
    const email = freshEmail();
    await call('POST', '/auth/register', 201, { body: { email, password: PASSWORD, name: 'Bench user' } });
    return email;
  };
  const logIn = async (email: string, password = PASSWORD): Promise<SignedIn> => {
    const { accessToken, refreshToken } = await call<{ accessToken: string; refreshToken: string }>('POST', '/auth/login', 200, { body: { email, password } });
    // The claims the authorizer would hand on (sub, role, sid), read unchecked: the stack just signed them.
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; role: string; sid: string };
    return { email, caller: { userId: claims.sub, role: claims.role, sessionId: claims.sid, email }, accessToken, refreshToken };
  };

  const customerEmail = await register();
  // Promoted as `npm run admin:promote` does; the role is written into tokens at login, so the admin logs in after.
  const promoted = await adminFor(stack.api, undefined, undefined, stack);
  const admin = await logIn(promoted.email, promoted.password);
  const customer = await logIn(customerEmail);
  const product = async (name: string, stock: number) =>
    String((await call('POST', '/products', 201, { token: admin.accessToken, body: { name, priceCents: 1999, currency: 'EUR', category: 'bench', stock } })).id);

  // One at a time: with a worker thread per concurrent call, in parallel is only slower.
  const productId = await product('Bench kettle', 1_000_000);
  const [toUpdate, toDelete, refreshTokens, sessions] = [[], [], [], []] as [string[], string[], string[], Caller[]];
  for (let n = 0; n < runs; n++) {
    toUpdate.push(await product(`Bench update ${n}`, 1));
    toDelete.push(await product(`Bench delete ${n}`, 1));
    refreshTokens.push((await logIn(customerEmail)).refreshToken);
    sessions.push((await logIn(customerEmail)).caller);
  }

  // Orders only when functions are benched: the saga's own count must not see their saga.
  const placeOrder = async () =>
    String((await call('POST', '/orders', 202, { token: customer.accessToken, headers: { 'idempotency-key': randomUUID() }, body: { items: [{ productId, quantity: 1 }] } })).id);
  const orders: string[] = [];
  for (let n = 0; n < (runs === 0 ? 0 : runs + 1); n++) orders.push(await placeOrder());
  for (const id of orders) await until(`order ${id} CONFIRMED`, async () => (await call('GET', `/orders/${id}`, 200, { token: customer.accessToken })).state === 'CONFIRMED');
  const [orderId = '', ...toCancel] = orders;
  const buyers: SignedIn[] = [];
  for (let n = 0; n < buyerCount; n++) buyers.push(await logIn(await register()));
  if (runs > 0) await until('its notification', async () => (await call<{ items: unknown[] }>('GET', '/notifications', 200, { token: customer.accessToken })).items.length > 0);

  // Named like the stage's own queues, the only ones serverless.yml lets the function send to.
  const replyQueue = `shop-${stack.stage}-bench-replies`;
  await sqs.send(new CreateQueueCommand({ QueueName: replyQueue }));
  return { password: PASSWORD, customer, admin, productId, toUpdate, toDelete, refreshTokens, sessions, replyQueue, orderId, toCancel, buyers };
}

/** The saga runs on its own time: wait for what it brings, a while. */
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Seeding: no ${what} after 30 s.`);
    await sleep(250);
  }
}
