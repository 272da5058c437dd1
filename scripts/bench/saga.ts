/**
 * The order saga at a steady rate: POST /orders on a clock, then, once the stack's queues are empty,
 * what the AWS calls of the whole run cost per order (counted by the proxies in front of the emulators,
 * counting-proxy.ts) and each order as the API gives it, its latency read from its own history (the
 * CONFIRMED entry's time less the moment its POST was sent). The bench reads the orders only after the
 * count, so its own reads are not the shop's calls.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Counted, CountingProxy } from './counting-proxy.ts';
import type { Seed } from './seed.ts';

/** How long the queues may take to empty after the last order is placed before the run gives up on them. */
const DRAIN_MS = 60_000;
/** Empty this long, so a message between two sends is not taken for the end. */
const QUIET_MS = 2_000;

export type SagaTarget = { api: string; sqs: string; region: string; stage: string; seeded: Seed };
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

/** `rate` orders a second for `seconds`, each sent on its tick whatever the answers before it. */
export async function runSaga(target: SagaTarget, proxies: CountingProxy[], rate: number, seconds: number): Promise<SagaRun> {
  const { api, seeded } = target;
  await drained(target); // what earlier parts set going is not this run's
  const before = snapshot(proxies);
  const start = Date.now();
  const sentAt = new Map<string, { sent: number; buyer: string }>();
  const refused: string[] = [];
  await Promise.all(
    Array.from({ length: rate * seconds }, async (_, n) => {
      const buyer = seeded.buyers[n % seeded.buyers.length]?.accessToken ?? '';
      await sleep(start + (n * 1000) / rate - Date.now());
      const sent = Date.now();
      const response = await fetch(`${api}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ items: [{ productId: seeded.productId, quantity: 1 }] }),
      }).catch((error: unknown) => ({ status: 0, text: async () => String(error) }));
      const text = await response.text();
      if (response.status === 202) sentAt.set((JSON.parse(text) as { id: string }).id, { sent, buyer });
      else refused.push(`${response.status}: ${text.slice(0, 120)}`);
    }),
  );
  await drained(target);
  const calls = difference(snapshot(proxies), before);

  const byState = new Map<string, number>();
  const latenciesMs: number[] = [];
  for (const [id, { sent, buyer }] of sentAt) {
    const response = await fetch(`${api}/orders/${id}`, { headers: { authorization: `Bearer ${buyer}` } });
    const order = (await response.json()) as { state: string; history: Array<{ state: string; at: string }> };
    byState.set(order.state, (byState.get(order.state) ?? 0) + 1);
    const confirmed = order.history.find(({ state }) => state === 'CONFIRMED');
    if (confirmed !== undefined) latenciesMs.push(Date.parse(confirmed.at) - sent);
  }
  return { placed: sentAt.size, refused, byState, latenciesMs, calls };
}

/** Until every queue of the stage (its dead-letter queues and the bench's own reply queue apart) has been empty a while. */
async function drained({ sqs: endpoint, region, stage, seeded }: SagaTarget): Promise<void> {
  const sqs = new SQSClient({ region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: `shop-${stage}-` }));
    const queues = QueueUrls.filter((url) => !/dlq$/i.test(url) && !url.endsWith(`/${seeded.replyQueue}`));
    const giveUp = Date.now() + DRAIN_MS;
    let emptySince: number | undefined;
    while (Date.now() < giveUp) {
      const depths = await Promise.all(
        queues.map(async (QueueUrl) => {
          const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
          return (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const).reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
        }),
      );
      emptySince = depths.every((depth) => depth === 0) ? (emptySince ?? Date.now()) : undefined;
      if (emptySince !== undefined && Date.now() - emptySince >= QUIET_MS) return;
      await sleep(250);
    }
  } finally {
    sqs.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** What the proxies counted, by API and service (counting-proxy.ts's countKey). */
type Tally = Map<string, Counted>;

const snapshot = (proxies: CountingProxy[]): Tally => new Map(proxies.flatMap((proxy) => [...proxy.tally()]));

function difference(after: Tally, before: Tally): Tally {
  return new Map([...after].map(([key, count]) => [key, { ...count, calls: count.calls - (before.get(key)?.calls ?? 0), units: count.units - (before.get(key)?.units ?? 0) }]));
}

/**
 * AWS list prices (us-east-1), in dollars per billed unit: DynamoDB on-demand per write and read
 * request unit, SQS standard per request, Lambda per request, HTTP API per request, SES per email.
 */
const PRICE = { writeUnit: 0.625e-6, readUnit: 0.125e-6, sqsRequest: 0.4e-6, lambdaRequest: 0.2e-6, httpApiRequest: 1e-6, email: 0.1e-3 };

export type CostLine = { api: string; service?: string; perOrder: number; unit: string; dollarsPerMillion: number };

/**
 * Per order, by API and the service whose resources it touched, and priced. Lambda and API Gateway are
 * not seen by the proxies: one POST /orders through the gateway, its authorizer and its handler (the
 * authorizer's cache left out, so an upper bound), and one invocation per message a queue delivered
 * (batching makes it fewer).
 */
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

/** The cost per million orders of each service's own tables, queues and parameters (the email apart), most first. */
export function costByService(lines: readonly CostLine[]): Array<{ service: string; dollarsPerMillion: number }> {
  const totals = new Map<string, number>();
  for (const { api, service, dollarsPerMillion } of lines) {
    if (service !== undefined && !api.startsWith('SES')) totals.set(service, (totals.get(service) ?? 0) + dollarsPerMillion);
  }
  return [...totals].map(([service, dollarsPerMillion]) => ({ service, dollarsPerMillion })).sort((a, b) => b.dollarsPerMillion - a.dollarsPerMillion);
}
