/**
 * A tiny HTTP proxy in front of one local emulator that tallies the AWS API calls going through it,
 * so the bench can say what one order costs without a line of counting in the shop's own code.
 * Written by hand: it is a few lines of node:http, and a proxy library would hide the bodies it reads.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call as priced: its name ("DynamoDB PutItem"), and the units it is billed in. */
export type Call = { api: string; units: number };

/** How a service's calls are named and weighed, from the request and (for SQS receives) the answer. */
export type Classify = (request: { headers: IncomingHttpHeaders; method: string; path: string; body: string }, answer: string) => Call;

export type CountingProxy = {
  url: string;
  /** The calls so far, by API: how many, and how many billed units. */
  tally(): Map<string, { calls: number; units: number }>;
  stop(): Promise<void>;
};

export async function startCountingProxy(target: string, classify: Classify): Promise<CountingProxy> {
  const counts = new Map<string, { calls: number; units: number }>();
  const to = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const forwarded = request(
        { host: to.hostname, port: to.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: to.host } },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            const call = classify({ headers: incoming.headers, method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString() }, answerBody.toString());
            const count = counts.get(call.api) ?? { calls: 0, units: 0 };
            counts.set(call.api, { calls: count.calls + 1, units: count.units + call.units });
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(answerBody);
          });
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(error.message);
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tally: () => new Map([...counts].map(([api, count]) => [api, { ...count }])),
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
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

/**
 * DynamoDB's billed units, read from the request: a write of an item up to 1 KB is one write unit and
 * a strongly consistent read up to 4 KB one read unit (half that eventually consistent); a PutItem is
 * sized from its item, other calls are taken for items within those sizes; transactions count double.
 */
export const dynamoDbCall: Classify = ({ headers, body }) => {
  const api = targetOf(headers).replace('DynamoDB_20120810.', '');
  const input = parsed(body);
  const kb = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item ?? {}).length / 1024));
  const read = input.ConsistentRead === true ? 1 : 0.5;
  switch (api) {
    case 'PutItem':
      return { api: `DynamoDB ${api} (WRU)`, units: kb(input.Item) };
    case 'UpdateItem':
    case 'DeleteItem':
      return { api: `DynamoDB ${api} (WRU)`, units: 1 };
    case 'BatchWriteItem':
      return { api: `DynamoDB ${api} (WRU)`, units: Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((sum, items) => sum + items.length, 0) };
    case 'TransactWriteItems':
      return { api: `DynamoDB ${api} (WRU)`, units: 2 * lengthOf(input.TransactItems) };
    case 'TransactGetItems':
      return { api: `DynamoDB ${api} (RRU)`, units: 2 * lengthOf(input.TransactItems) };
    case 'GetItem':
    case 'Query':
    case 'Scan':
      return { api: `DynamoDB ${api} (RRU)`, units: read };
    default:
      return { api: `DynamoDB ${api} (control)`, units: 0 };
  }
};

/**
 * SQS bills every request, so its units are requests, but for a receive: its units are the messages it
 * brought (each at most one function invocation). A receive that brings nothing is told apart, for it
 * is the pollers' idle work, not an order's.
 */
export const sqsCall: Classify = ({ headers }, answer) => {
  const api = targetOf(headers).replace('AmazonSQS.', '');
  if (api === 'ReceiveMessage') {
    const messages = lengthOf(parsed(answer).Messages);
    return messages === 0 ? { api: 'SQS ReceiveMessage (empty)', units: 0 } : { api: 'SQS ReceiveMessage (messages)', units: messages };
  }
  return { api: `SQS ${api}`, units: 1 };
};

export const ssmCall: Classify = ({ headers }) => ({ api: `SSM ${targetOf(headers).replace('AmazonSSM.', '')}`, units: 1 });

/** SES v2 is a REST API: sending is POST /v2/email/outbound-emails, and its unit is the email. */
export const sesCall: Classify = ({ method, path }) =>
  method === 'POST' && path.startsWith('/v2/email/outbound-emails') ? { api: 'SES SendEmail (emails)', units: 1 } : { api: `SES ${method} ${path.split('?')[0]}`, units: 0 };
