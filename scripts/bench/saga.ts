/**
 * The order saga at a steady rate: POST /orders on a clock, then, once the stack's queues are empty,
 * what the AWS calls of the whole run cost per order (counted by the proxies in front of the emulators,
 * counting-proxy.ts) and each order as the API gives it, its latency read from its own history (the
 * CONFIRMED entry's time less the moment its POST was sent). The bench reads the orders only after the
 * count, so its own reads are not the shop's calls.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { drained } from '../dlq/queues.ts';
import { ApiClient } from '../load/api-client.ts';
import type { Counted, CountingProxy, Tally } from './counting-proxy.ts';
import type { Seed } from './seed.ts';

/** How long the queues may take to empty after the last order is placed, and how long they stay empty to count as empty. */
const DRAIN = { withinMs: 60_000, quietMs: 2_000 };

/** `sqs` is the emulator's own endpoint, not its counting proxy: the bench's looks at the queues are not the shop's calls. */
export type SagaTarget = { api: string; sqs: SQSClient; stage: string; seeded: Seed };
export type SagaRun = {
  placed: number;
  /** POSTs not answered 202. */
  refused: string[];
  byState: Map<string, number>;
  /** POST sent to CONFIRMED in the order's history, of the confirmed ones. */
  latenciesMs: number[];
  /** What the proxies counted during the run. */
  calls: Tally;
};

type Order = { state: string; history: Array<{ state: string; at: string }> };

/** `rate` orders a second for `seconds`, each sent on its tick whatever the answers before it. */
export async function runSaga({ api: url, sqs, stage, seeded }: SagaTarget, proxies: CountingProxy[], rate: number, seconds: number): Promise<SagaRun> {
  const api = new ApiClient(url, () => {});
  // The bench's own reply queue holds what the benched functions sent it, read by nobody.
  const quiet = () => drained(sqs, `shop-${stage}-`, { ...DRAIN, ignore: [seeded.replyQueue] });
  await quiet(); // what earlier parts set going is not this run's
  for (const proxy of proxies) proxy.reset();
  const start = Date.now();
  const sentAt = new Map<string, { sent: number; token?: string }>();
  const refused: string[] = [];
  await Promise.all(
    Array.from({ length: rate * seconds }, async (_, n) => {
      const token = seeded.buyers[n % seeded.buyers.length]?.accessToken;
      await sleep(Math.max(0, start + (n * 1000) / rate - Date.now()));
      const sent = Date.now();
      const { status, body } = await api.call<{ id?: string }>('POST /orders', '/orders', { token, headers: { 'idempotency-key': randomUUID() }, body: { items: [{ productId: seeded.productId, quantity: 1 }] } });
      if (status === 202) sentAt.set(String(body.id), { sent, token });
      else refused.push(`${status}: ${JSON.stringify(body).slice(0, 120)}`);
    }),
  );
  await quiet();
  const calls: Tally = new Map(proxies.flatMap((proxy) => [...proxy.tally()]));

  const byState = new Map<string, number>();
  const latenciesMs: number[] = [];
  for (const [id, { sent, token }] of sentAt) {
    const { status, body: order } = await api.call<Order>('GET /orders/{id}', `/orders/${id}`, { token });
    if (status !== 200) throw new Error(`GET /orders/${id} answered ${status}: ${JSON.stringify(order).slice(0, 300)}`);
    byState.set(order.state, (byState.get(order.state) ?? 0) + 1);
    const confirmed = order.history.find(({ state }) => state === 'CONFIRMED');
    if (confirmed !== undefined) latenciesMs.push(Date.parse(confirmed.at) - sent);
  }
  return { placed: sentAt.size, refused, byState, latenciesMs, calls };
}

/**
 * AWS list prices (us-east-1), in dollars per billed unit: DynamoDB on-demand per write and read
 * request unit, SQS standard per request, Lambda per request, HTTP API per request, SES per email.
 */
const PRICE = { writeUnit: 0.625e-6, readUnit: 0.125e-6, sqsRequest: 0.4e-6, lambdaRequest: 0.2e-6, httpApiRequest: 1e-6, email: 0.1e-3 };

export type CostLine = { api: string; service?: string; perOrder: number; unit: string; dollarsPerMillion: number };

/** What a tallied API is counted in (its calls or its units), under what name, at what price each. */
function pricing({ api, calls, units }: Counted): { count: number; unit: string; price: number } {
  // "DynamoDB PutItem (WRU)", "DynamoDB PutItem refused (WRU, estimated)", "DynamoDB DescribeTable (control)".
  const unit = /^DynamoDB .*\((WRU|RRU)\b/.exec(api)?.[1];
  if (unit !== undefined) return { count: units, unit, price: unit === 'WRU' ? PRICE.writeUnit : PRICE.readUnit };
  if (api.startsWith('DynamoDB')) return { count: calls, unit: 'calls (not billed)', price: 0 };
  // Idle polling is a fixed cost per queue, not per order.
  if (api === 'SQS ReceiveMessage (empty)') return { count: calls, unit: 'requests (idle polling, not priced)', price: 0 };
  if (api.startsWith('SQS')) return { count: calls, unit: 'requests', price: PRICE.sqsRequest };
  if (api.startsWith('SES')) return { count: units, unit: 'emails', price: PRICE.email };
  return { count: calls, unit: 'requests (standard tier: free)', price: 0 };
}

/**
 * Per order, by API and the service whose resources it touched, and priced. Lambda and API Gateway are
 * not seen by the proxies: one POST /orders through the gateway, its authorizer and its handler (the
 * authorizer's cache left out, so an upper bound), and one invocation per message a queue delivered
 * (batching makes it fewer).
 */
export function costPerOrder(tally: Tally, orders: number): CostLine[] {
  const counted = [...tally.values()].sort((a, b) => a.api.localeCompare(b.api) || (a.service ?? '').localeCompare(b.service ?? ''));
  const lines = counted.map((tallied): CostLine => {
    const { count, unit, price } = pricing(tallied);
    return { api: tallied.api, service: tallied.service, perOrder: count / orders, unit, dollarsPerMillion: (count / orders) * price * 1e6 };
  });
  const messages = counted.filter(({ api }) => api === 'SQS ReceiveMessage (messages)').reduce((sum, { units }) => sum + units, 0);
  const invocations = 2 + messages / orders;
  lines.push({ api: 'Lambda invocations (estimated)', perOrder: invocations, unit: 'requests, duration left out', dollarsPerMillion: invocations * PRICE.lambdaRequest * 1e6 });
  lines.push({ api: 'API Gateway HTTP API', perOrder: 1, unit: 'requests (POST /orders)', dollarsPerMillion: PRICE.httpApiRequest * 1e6 });
  return lines;
}

/** The cost per million orders of each service's own tables, queues and parameters (the email apart), most first. */
export function costByService(lines: readonly CostLine[]): Array<{ service: string; dollarsPerMillion: number }> {
  const totals = new Map<string, number>();
  for (const { api, service, dollarsPerMillion } of lines) {
    if (service !== undefined && !api.startsWith('SES')) totals.set(service, (totals.get(service) ?? 0) + dollarsPerMillion);
  }
  return [...totals].map(([service, dollarsPerMillion]) => ({ service, dollarsPerMillion })).sort((a, b) => b.dollarsPerMillion - a.dollarsPerMillion);
}
