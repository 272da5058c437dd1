/**
 * A tiny HTTP proxy in front of one local emulator that tallies the AWS API calls going through it,
 * so the bench can say what one order costs without a line of counting in the shop's own code.
 * Written by hand: it is a few lines of node:http, and a proxy library would hide the bodies it reads.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

/**
 * One call as priced: its name ("DynamoDB PutItem"), the units it is billed in, and the shop's service
 * whose table, queue or parameter it touched (when its request names one).
 */
export type Call = { api: string; units: number; service?: string };

/** The calls of one API on one service's resources so far: how many, and how many billed units. */
export type Counted = { api: string; service?: string; calls: number; units: number };

/** How a service's calls are named and weighed, from the request and the answer. */
export type Classify = (request: { headers: IncomingHttpHeaders; method: string; path: string; body: string }, answer: string) => Call;

/** The body to send on in place of the caller's (by default the caller's own). */
export type Prepare = (request: { headers: IncomingHttpHeaders; body: string }) => string;

/** The calls so far, by API and service (countKey). */
export type Tally = Map<string, Counted>;

export type CountingProxy = {
  url: string;
  tally(): Tally;
  /** Forgets the calls so far. */
  reset(): void;
  stop(): Promise<void>;
};

export async function startCountingProxy(target: string, classify: Classify, prepare: Prepare = ({ body }) => body): Promise<CountingProxy> {
  const counts: Tally = new Map();
  const to = new URL(target);
  const server = createServer((incoming, outgoing) => {
    void buffer(incoming).then((received) => {
      const text = received.toString();
      const prepared = prepare({ headers: incoming.headers, body: text });
      const body = prepared === text ? received : Buffer.from(prepared);
      // The whole body is in hand, so it goes on with its own length, never chunked.
      const { 'transfer-encoding': _chunked, ...headers } = incoming.headers;
      const forwarded = request({ host: to.hostname, port: to.port, method: incoming.method, path: incoming.url, headers: { ...headers, host: to.host, 'content-length': String(body.length) } }, (answer) => {
        void buffer(answer).then((answerBody) => {
          const call = classify({ headers: incoming.headers, method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString() }, answerBody.toString());
          const count = counts.get(countKey(call)) ?? { api: call.api, service: call.service, calls: 0, units: 0 };
          counts.set(countKey(call), { ...count, calls: count.calls + 1, units: count.units + call.units });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers).end(answerBody);
        });
      });
      forwarded.on('error', (error) => outgoing.writeHead(502).end(error.message));
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    // Each count is replaced, never changed: a copy of the map is a copy of the tally.
    tally: () => new Map(counts),
    reset: () => counts.clear(),
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Where a call is tallied: its API and its service together. */
export const countKey = ({ api, service }: Pick<Call, 'api' | 'service'>): string => `${api}|${service ?? ''}`;

/**
 * The shop's service a resource belongs to, from its name: tables and queues are `shop-<stage>-<service>…`
 * (a queue also by its URL), parameters `/shop/<stage>/<service>/…`.
 */
export function serviceOf(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  return /(?:^|\/)shop-[a-z0-9]+-([a-z]+)/.exec(name)?.[1] ?? /^\/shop\/[^/]+\/([a-z]+)\//.exec(name)?.[1];
}

const targetOf = (headers: IncomingHttpHeaders): string => String(headers['x-amz-target'] ?? '');
const parsed = (json: string): Record<string, unknown> => {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** The data-plane calls, the ones DynamoDB bills in request units and can say how many it billed. */
const BILLED = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const dynamoDbApi = (headers: IncomingHttpHeaders): string => targetOf(headers).replace('DynamoDB_20120810.', '');

/**
 * Asks DynamoDB for the units it bills each data-plane call, table and indexes apart, unless the caller
 * asked for something itself. The caller then gets ConsumedCapacity in its answer too, which it ignores.
 */
export const askForBilledUnits: Prepare = ({ headers, body }) => {
  if (!BILLED.has(dynamoDbApi(headers))) return body;
  const input = parsed(body);
  return Object.keys(input).length === 0 || input.ReturnConsumedCapacity !== undefined ? body : JSON.stringify({ ...input, ReturnConsumedCapacity: 'INDEXES' });
};

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
type Consumed = Capacity & { Table?: Capacity; GlobalSecondaryIndexes?: Record<string, Capacity>; LocalSecondaryIndexes?: Record<string, Capacity> };

const unitsOf = ({ CapacityUnits, ReadCapacityUnits, WriteCapacityUnits }: Capacity): number | undefined =>
  CapacityUnits ?? (ReadCapacityUnits === undefined && WriteCapacityUnits === undefined ? undefined : (ReadCapacityUnits ?? 0) + (WriteCapacityUnits ?? 0));

/** A table's total, or failing that the sum of the table's part and its indexes'. */
const billedUnits = (consumed: Consumed): number =>
  unitsOf(consumed) ??
  [consumed.Table ?? {}, ...Object.values(consumed.GlobalSecondaryIndexes ?? {}), ...Object.values(consumed.LocalSecondaryIndexes ?? {})].reduce((sum, part) => sum + (unitsOf(part) ?? 0), 0);

/** The errors DynamoDB still bills: the write was weighed before its condition refused it. */
const BILLED_REFUSALS = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

/**
 * A refused write's units, which DynamoDB Local does not report: AWS bills a failed conditional write
 * by the size of the item it found (at least one unit), which the proxy cannot see, so a Put is taken
 * at its own item's size and anything else at one unit; a cancelled transaction at two per action.
 */
function refusedWriteUnits(api: string, input: Record<string, unknown>): number {
  if (api === 'PutItem') return Math.max(1, Math.ceil(JSON.stringify(input.Item ?? {}).length / 1024));
  if (api === 'TransactWriteItems') return 2 * lengthOf(input.TransactItems);
  return 1;
}

/**
 * DynamoDB's calls, weighed as DynamoDB bills them: the ConsumedCapacity of the answer (one object, or
 * one per table for batches and transactions), in write units for writes and read units for reads.
 */
export const dynamoDbCall: Classify = ({ headers, body }, answer) => {
  const api = dynamoDbApi(headers);
  const input = parsed(body);
  const service = serviceOf(tableOf(input));
  if (!BILLED.has(api)) return { api: `DynamoDB ${api} (control)`, units: 0, service };
  const unit = READS.has(api) ? 'RRU' : 'WRU';
  const output = parsed(answer);
  const consumed = output.ConsumedCapacity as Consumed | Consumed[] | undefined;
  if (consumed !== undefined) return { api: `DynamoDB ${api} (${unit})`, units: [consumed].flat().reduce((sum, table) => sum + billedUnits(table), 0), service };
  const error = typeof output.__type === 'string' ? (output.__type.split('#').at(-1) ?? '') : '';
  if (BILLED_REFUSALS.has(error)) return { api: `DynamoDB ${api} refused (${unit}, estimated)`, units: refusedWriteUnits(api, input), service };
  // Neither is expected: a call that is not billed (a validation error, say), or an answer with no units.
  return { api: error === '' ? `DynamoDB ${api} (${unit} not reported)` : `DynamoDB ${api} ${error} (not billed)`, units: 0, service };
};

/** The table a request names: its own, a batch's first, or a transaction's first action's. */
function tableOf(input: Record<string, unknown>): unknown {
  if (input.TableName !== undefined) return input.TableName;
  if (typeof input.RequestItems === 'object' && input.RequestItems !== null) return Object.keys(input.RequestItems)[0];
  const [first] = Array.isArray(input.TransactItems) ? (input.TransactItems as Array<Record<string, { TableName?: unknown }>>) : [];
  return first === undefined ? undefined : Object.values(first)[0]?.TableName;
}

/**
 * SQS bills every request, so its units are requests, but for a receive: its units are the messages it
 * brought (each at most one function invocation). A receive that brings nothing is told apart, for it
 * is the pollers' idle work, not an order's.
 */
export const sqsCall: Classify = ({ headers, body }, answer) => {
  const api = targetOf(headers).replace('AmazonSQS.', '');
  const input = parsed(body);
  const service = serviceOf(input.QueueUrl ?? input.QueueName);
  if (api === 'ReceiveMessage') {
    const messages = lengthOf(parsed(answer).Messages);
    return messages === 0 ? { api: 'SQS ReceiveMessage (empty)', units: 0, service } : { api: 'SQS ReceiveMessage (messages)', units: messages, service };
  }
  return { api: `SQS ${api}`, units: 1, service };
};

export const ssmCall: Classify = ({ headers, body }) => {
  const input = parsed(body);
  return { api: `SSM ${targetOf(headers).replace('AmazonSSM.', '')}`, units: 1, service: serviceOf(input.Name ?? input.Path) };
};

/** SES v2 is a REST API: sending is POST /v2/email/outbound-emails, and its unit is the email. */
export const sesCall: Classify = ({ method, path }) =>
  method === 'POST' && path.startsWith('/v2/email/outbound-emails') ? { api: 'SES SendEmail (emails)', units: 1 } : { api: `SES ${method} ${path.split('?')[0]}`, units: 0 };
