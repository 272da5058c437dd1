/**
 * Throughput through the local gateway, beside its floors: the gateway answering a route that does
 * no I/O (GET /health), and the store answering the same GetItem, sent through the SDK by a node
 * process (store-floor.ts, the floor the target is judged against) or replayed straight to DynamoDB
 * Local (the store alone, here). Every response must be the expected body (autocannon counts the
 * others as mismatches), so a fast error can never pass for a fast answer.
 */
import autocannon from 'autocannon';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, type Endpoints } from './stack.ts';

export type LoadTarget = { url: string; method?: string; headers?: Record<string, string>; body?: string; expectBody: string };

export type LoadResult = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors, timeouts, non-2xx answers and wrong bodies. */
  failures: number;
};

/** The SDK's HTTP request, as far as a replay needs it. */
type SignedRequest = { protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string>; body?: unknown };

/** The bench's load settings: each measured test lasts durationS; warmupS of load on each route goes first. */
export type LoadOptions = { connections: number; durationS: number; warmupS: number; rounds: number };
/** One load test. */
type LoadRun = { connections: number; durationS: number };

/**
 * The two floors in series: a request through our stack pays at least the gateway's and the store's
 * cost, so its best rate is 1 / (1/gateway + 1/store).
 */
export const floorRps = (gateway: LoadResult, store: LoadResult): number => 1 / (1 / gateway.rps + 1 / store.rps);

/** Our rate over the floors' rate. A floor that answered nothing makes it meaningless: NaN, which fails the target. */
export const efficiencyOf = (ours: LoadResult, gateway: LoadResult, store: LoadResult): number =>
  gateway.rps > 0 && store.rps > 0 ? ours.rps / floorRps(gateway, store) : NaN;

export async function load(target: LoadTarget, { connections, durationS }: LoadRun): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    connections,
    duration: durationS,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body }),
    expectBody: target.expectBody,
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.non2xx + result.mismatches,
  };
}

/** A GET through the gateway, expecting the body it gives now. */
export async function gatewayTarget(url: string): Promise<LoadTarget> {
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body}`);
  return { url, expectBody: body };
}

/**
 * The GetItem our getProduct makes, as one SigV4-signed HTTP request taken from the SDK itself and
 * replayed as is: DynamoDB Local does not check signatures or their age, so one signature serves every
 * request. The store alone, with no client's cost on top. Checked first: the replay must return the item.
 */
export async function dynamoGetItemTarget(stack: Endpoints, table: string, key: Record<string, string>): Promise<LoadTarget> {
  const client = new DynamoDBClient({ region: stack.region, endpoint: stack.dynamodb, credentials: LOCAL_CREDENTIALS });
  let signed: SignedRequest | undefined;
  // The deserialize step runs after signing (finalizeRequest), right before the request is sent.
  client.middlewareStack.add(
    (next) => async (args) => {
      signed = args.request as SignedRequest;
      return next(args);
    },
    { step: 'deserialize', name: 'benchCaptureSignedRequest' },
  );
  const Key = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }]));
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true })).finally(() => client.destroy());
  if (signed === undefined || Item === undefined) throw new Error(`GetItem on ${table} found no item ${JSON.stringify(key)}.`);

  const url = `${signed.protocol}//${signed.hostname}${signed.port === undefined ? '' : `:${signed.port}`}${signed.path}`;
  // autocannon writes its own Content-Length; the signed Host stays (it is the same host anyway).
  const { 'content-length': _length, ...headers } = signed.headers;
  // The SDK's JSON protocol hands over the body as bytes that warn when read as a string; decode them.
  const body = signed.body instanceof Uint8Array ? new TextDecoder().decode(signed.body) : String(signed.body);
  const replay = await fetch(url, { method: 'POST', headers, body });
  const text = await replay.text();
  const replayed = (JSON.parse(text) as { Item?: { pk?: { S?: string } } }).Item?.pk?.S;
  if (!replay.ok || replayed !== key.pk) throw new Error(`The replayed GetItem did not return the item (${replay.status}): ${text}`);
  return { url, method: 'POST', headers, body, expectBody: text };
}
