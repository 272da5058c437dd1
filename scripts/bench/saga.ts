/**
 * The order saga under load: POST /orders at a steady rate, each order followed to its final state,
 * its latency read from its own history (the CONFIRMED entry's time less the moment the POST was sent),
 * and the AWS calls the whole run made, counted by the proxies in front of the emulators
 * (counting-proxy.ts), per order and priced.
 *
 * The bench follows the orders in the table itself, straight to DynamoDB Local and not through the
 * gateway or the proxy, so its own looking neither loads the functions nor shows in the count.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbOrderRepository } from '../../functions/orders/adapters/dynamodb-order-repository.ts';
import type { Order } from '../../functions/orders/domain/order.ts';
import type { Counted, CountingProxy } from './counting-proxy.ts';
import type { Seed } from './seed.ts';

const FINAL = new Set(['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED']);
/** An order not final this long after the last one was placed means the stack did not keep up. */
export const CATCH_UP_MS = 10_000;
/** Then how long the bench still waits for stragglers, so every order is accounted for. */
const GIVE_UP_MS = 60_000;
/** After the last order is final: the confirmation email and the last deletes are still on their way. */
const SETTLE_MS = 3_000;

export type SagaRun = {
  rate: number;
  seconds: number;
  placed: number;
  /** POSTs not answered 202. */
  refused: string[];
  byState: Map<string, number>;
  /** Orders that never reached a final state. */
  lost: number;
  /** Every POST answered 202, and every order final, by its own history, within CATCH_UP_MS of the last placement. */
  keptUp: boolean;
  /** POST sent to CONFIRMED in the order's history, of the confirmed ones. */
  latenciesMs: number[];
};

export type SagaTarget = { api: string; dynamodb: string; region: string; stage: string; seeded: Seed };

/** `rate` orders a second for `seconds`, each sent on its tick whatever the answers before it. */
export async function runSaga({ api, dynamodb, region, stage, seeded }: SagaTarget, rate: number, seconds: number): Promise<SagaRun> {
  const client = new DynamoDBClient({ region, endpoint: dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const orders = new DynamoDbOrderRepository(DynamoDBDocumentClient.from(client), `shop-${stage}-orders`);
  const count = rate * seconds;
  const start = Date.now();
  const sentAt = new Map<string, number>();
  const refused: string[] = [];
  const placing = Array.from({ length: count }, async (_, n) => {
    await sleep(start + (n * 1000) / rate - Date.now());
    const sent = Date.now();
    const response = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.customer.accessToken}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ items: [{ productId: seeded.productId, quantity: 1 }] }),
    }).catch((error: unknown) => ({ status: 0, text: async () => String(error) }));
    const text = await response.text();
    if (response.status !== 202) return void refused.push(`${response.status}: ${text.slice(0, 120)}`);
    sentAt.set((JSON.parse(text) as { id: string }).id, sent);
  });
  await Promise.all(placing);
  const lastPlaced = Date.now();

  const final = new Map<string, Order>();
  const look = async () => {
    const open = [...sentAt.keys()].filter((id) => !final.has(id));
    for (const id of open) {
      const order = (await orders.find(id))?.order;
      if (order !== undefined && FINAL.has(order.state)) final.set(id, order);
    }
    return final.size === sentAt.size;
  };
  while (!(await look()) && Date.now() - lastPlaced < GIVE_UP_MS) await sleep(250);
  await sleep(SETTLE_MS);
  client.destroy();

  const byState = new Map<string, number>();
  const latenciesMs: number[] = [];
  for (const [id, order] of final) {
    byState.set(order.state, (byState.get(order.state) ?? 0) + 1);
    const confirmed = order.history.find(({ state }) => state === 'CONFIRMED');
    if (confirmed !== undefined) latenciesMs.push(Date.parse(confirmed.at) - (sentAt.get(id) ?? 0));
  }
  return { rate, seconds, placed: sentAt.size, refused, byState, lost: sentAt.size - final.size, keptUp: keptUp(count, [...final.values()], lastPlaced), latenciesMs };
}

/**
 * Every order sent was accepted and ended within CATCH_UP_MS of the last placement: judged by when each
 * order's own history says it ended, not by when the bench got round to looking.
 */
export function keptUp(sent: number, final: readonly Pick<Order, 'history'>[], lastPlaced: number): boolean {
  return final.length === sent && final.every(({ history }) => Date.parse(history.at(-1)?.at ?? '') - lastPlaced <= CATCH_UP_MS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * AWS list prices (us-east-1), in dollars per billed unit: DynamoDB on-demand per write and read
 * request unit, SQS standard per request, Lambda per request, HTTP API per request, SES per email.
 */
const PRICE = {
  writeUnit: 0.625e-6,
  readUnit: 0.125e-6,
  sqsRequest: 0.4e-6,
  lambdaRequest: 0.2e-6,
  httpApiRequest: 1e-6,
  email: 0.1e-3,
};

/** What the proxies counted, by API and service (counting-proxy.ts's countKey). */
export type Tally = Map<string, Counted>;

/** What the proxies counted between two snapshots. */
export function difference(after: Tally, before: Tally): Tally {
  return new Map(
    [...after].map(([key, count]) => [key, { ...count, calls: count.calls - (before.get(key)?.calls ?? 0), units: count.units - (before.get(key)?.units ?? 0) }]),
  );
}

export const snapshot = (proxies: CountingProxy[]): Tally => new Map(proxies.flatMap((proxy) => [...proxy.tally()]));

export type CostLine = { api: string; service?: string; perOrder: number; unit: string; dollarsPerMillion: number };

/**
 * Per order, by API and the service whose resources it touched, and priced. Lambda and API Gateway are not seen by the proxies: one POST /orders
 * through the gateway, its authorizer and its handler (the authorizer's cache left out, so an upper
 * bound), and one invocation per message a queue delivered (batching makes it fewer).
 */
/** The cost per million orders of each service's own tables, queues and parameters (the email apart), most first. */
export function costByService(lines: readonly CostLine[]): Array<{ service: string; dollarsPerMillion: number }> {
  const totals = new Map<string, number>();
  for (const { api, service, dollarsPerMillion } of lines) {
    if (service !== undefined && !api.startsWith('SES')) totals.set(service, (totals.get(service) ?? 0) + dollarsPerMillion);
  }
  return [...totals].map(([service, dollarsPerMillion]) => ({ service, dollarsPerMillion })).sort((a, b) => b.dollarsPerMillion - a.dollarsPerMillion);
}

export function costPerOrder(tally: Tally, orders: number): CostLine[] {
  const lines: CostLine[] = [];
  let messages = 0;
  const byApiThenService = [...tally.values()].sort((a, b) => a.api.localeCompare(b.api) || (a.service ?? '').localeCompare(b.service ?? ''));
  for (const { api, service, calls, units } of byApiThenService) {
    if (calls === 0) continue;
    if (api.startsWith('DynamoDB')) {
      // "DynamoDB PutItem (WRU)", "DynamoDB PutItem refused (WRU, estimated)", "DynamoDB DescribeTable (control)".
      const unit = /\((WRU|RRU)\b/.exec(api)?.[1];
      const price = unit === 'WRU' ? PRICE.writeUnit : unit === 'RRU' ? PRICE.readUnit : 0;
      if (unit === undefined) lines.push({ api, service, perOrder: calls / orders, unit: 'calls (not billed)', dollarsPerMillion: 0 });
      else lines.push({ api, service, perOrder: units / orders, unit, dollarsPerMillion: (units / orders) * price * 1e6 });
    } else if (api.startsWith('SQS')) {
      if (api === 'SQS ReceiveMessage (messages)') messages += units;
      // Idle polling is a fixed cost per queue, not per order.
      const idle = api === 'SQS ReceiveMessage (empty)';
      lines.push({ api, service, perOrder: calls / orders, unit: idle ? 'requests (idle polling, not priced)' : 'requests', dollarsPerMillion: idle ? 0 : (calls / orders) * PRICE.sqsRequest * 1e6 });
    } else if (api.startsWith('SES')) {
      lines.push({ api, service, perOrder: units / orders, unit: 'emails', dollarsPerMillion: (units / orders) * PRICE.email * 1e6 });
    } else {
      lines.push({ api, service, perOrder: calls / orders, unit: 'requests (standard tier: free)', dollarsPerMillion: 0 });
    }
  }
  const invocations = 2 + messages / orders;
  lines.push({ api: 'Lambda invocations (estimated)', perOrder: invocations, unit: 'requests, duration left out', dollarsPerMillion: invocations * PRICE.lambdaRequest * 1e6 });
  lines.push({ api: 'API Gateway HTTP API', perOrder: 1, unit: 'requests (POST /orders)', dollarsPerMillion: PRICE.httpApiRequest * 1e6 });
  return lines;
}
