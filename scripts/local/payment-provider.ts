/**
 * A local payment provider for the local and test stacks: a process of its own (started by npm start
 * with the emulators), speaking the small HTTP API the payments service's HttpPaymentProvider calls.
 * Written here because no npm package emulates a card provider with idempotency keys and fault injection.
 *
 *   POST /charges  {customerId, amountCents, currency}   Idempotency-Key: <order id>, X-Correlation-Id (optional)
 *     201 {paymentId, status: 'CHARGED', ...} | 402 {status: 'DECLINED', reason: 'CARD_DECLINED'}
 *   POST /refunds  {paymentId, amountCents}               Idempotency-Key: <order id>
 *     201 {refundId, paymentId, amountCents} | 404 when the payment is unknown
 *   The same key and body give the same answer; the same key with another body is a 409.
 *
 *   GET  /charges  every charge taken, with how many charge requests came for its key and the
 *                  X-Correlation-Id of the request that took it (read only)
 *   GET  /control  the fault settings; PUT /control sets them (fields left out go back to their defaults):
 *     {declineAmountsCents: number[], declineCustomers: string[], errorRate: 0..1, latencyMs, outage}
 *
 * Faults are configuration of this process only: the payments service has no test branch.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Emulator } from './emulators.ts';

export type ProviderControl = {
  /** Charges of exactly these amounts are declined. */
  declineAmountsCents: number[];
  /** Charges for these customers are declined: the "test card". */
  declineCustomers: string[];
  /** The share of requests (0 to 1) answered 500 before doing anything. */
  errorRate: number;
  /** Added to every request's answer, faults included. */
  latencyMs: number;
  /** Every charge and refund request answers 503. */
  outage: boolean;
};

export type ChargeSeen = {
  idempotencyKey: string;
  paymentId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  requests: number;
  /** The X-Correlation-Id of the request that took the charge, when it sent one. */
  correlationId?: string;
};

const defaults = (): ProviderControl => ({ declineAmountsCents: [], declineCustomers: [], errorRate: 0, latencyMs: 0, outage: false });

type Answer = { status: number; body: unknown };
type Stored = { fingerprint: string; answer: Answer };

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Starts the provider on `port` (0 picks a free one; `url` says which), with no faults set. */
export async function startPaymentProvider({ port, host = '127.0.0.1' }: { port: number; host?: string }): Promise<Emulator> {
  let control = defaults();
  // Answers by operation and idempotency key: a charge and a refund of one order share the order id.
  const answers = new Map<string, Stored>();
  const charges = new Map<string, ChargeSeen>();
  const chargeRequests = new Map<string, number>();
  const payments = new Map<string, { amountCents: number; refundedCents: number }>();

  const charge = (key: string, correlationId: string | undefined, body: Record<string, unknown>): Answer => {
    const customerId = requireString(body, 'customerId');
    const amountCents = requireCents(body, 'amountCents');
    const currency = requireString(body, 'currency');
    if (control.declineCustomers.includes(customerId) || control.declineAmountsCents.includes(amountCents)) {
      return { status: 402, body: { status: 'DECLINED', reason: 'CARD_DECLINED' } };
    }
    const paymentId = `pay_${randomUUID()}`;
    payments.set(paymentId, { amountCents, refundedCents: 0 });
    const requests = chargeRequests.get(key) ?? 0;
    charges.set(key, { idempotencyKey: key, paymentId, customerId, amountCents, currency, requests, ...(correlationId === undefined ? {} : { correlationId }) });
    return { status: 201, body: { paymentId, status: 'CHARGED', amountCents, currency } };
  };

  const refund = (body: Record<string, unknown>): Answer => {
    const paymentId = requireString(body, 'paymentId');
    const amountCents = requireCents(body, 'amountCents');
    const payment = payments.get(paymentId);
    if (payment === undefined) throw new HttpError(404, `No payment ${paymentId}.`);
    if (payment.refundedCents + amountCents > payment.amountCents) throw new HttpError(422, 'amountCents: more than is left to refund');
    payment.refundedCents += amountCents;
    return { status: 201, body: { refundId: `re_${randomUUID()}`, paymentId, amountCents } };
  };

  /** Runs `operation` once per idempotency key and body; a repeat gets the first answer. */
  const idempotent = (operation: string, request: IncomingMessage, body: Record<string, unknown>, run: () => Answer): Answer => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') throw new HttpError(400, 'Idempotency-Key: required');
    if (operation === 'charge') chargeRequests.set(key, (chargeRequests.get(key) ?? 0) + 1);
    const seen = charges.get(key);
    if (operation === 'charge' && seen !== undefined) seen.requests = chargeRequests.get(key) ?? 0;
    const fingerprint = createHash('sha256').update(JSON.stringify(body, Object.keys(body).sort())).digest('hex');
    const stored = answers.get(`${operation}:${key}`);
    if (stored !== undefined) {
      if (stored.fingerprint !== fingerprint) throw new HttpError(409, `Idempotency-Key ${key} was used with another body.`);
      return stored.answer;
    }
    const answer = run();
    answers.set(`${operation}:${key}`, { fingerprint, answer });
    return answer;
  };

  const route = async (request: IncomingMessage): Promise<Answer> => {
    const path = new URL(request.url ?? '/', 'http://provider').pathname;
    const method = request.method ?? 'GET';
    if (path === '/control' && method === 'GET') return { status: 200, body: control };
    if (path === '/control' && method === 'PUT') {
      control = parseControl(await readJson(request));
      return { status: 200, body: control };
    }
    if (path === '/charges' && method === 'GET') return { status: 200, body: { charges: [...charges.values()] } };
    if (path === '/health' && method === 'GET') return { status: 200, body: { status: 'ok' } };
    if ((path === '/charges' || path === '/refunds') && method === 'POST') {
      const body = await readJson(request);
      if (control.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, control.latencyMs));
      if (control.outage) return { status: 503, body: { message: 'The provider is down (outage set in /control).' } };
      if (Math.random() < control.errorRate) return { status: 500, body: { message: 'An injected error (errorRate set in /control).' } };
      return path === '/charges' ? idempotent('charge', request, body, () => charge(String(request.headers['idempotency-key']), headerOf(request, 'x-correlation-id'), body)) : idempotent('refund', request, body, () => refund(body));
    }
    throw new HttpError(404, `No route ${method} ${path}.`);
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    route(request)
      .catch((error: unknown) => (error instanceof HttpError ? { status: error.status, body: { message: error.message } } : { status: 500, body: { message: String(error) } }))
      .then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      })
      .catch(() => response.destroy());
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${boundPort}`,
    // Like the other in-process emulators: it ends only when stopped.
    exited: new Promise(() => {}),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const value = (text === '' ? {} : JSON.parse(text)) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The body must be a JSON object.');
    return value as Record<string, unknown>;
  } catch (error) {
    throw error instanceof HttpError ? error : new HttpError(400, 'The body is not JSON.');
  }
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${field}: must be a non-empty string`);
  return value;
}

function requireCents(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new HttpError(400, `${field}: must be a whole number of cents`);
  return value;
}

function parseControl(body: Record<string, unknown>): ProviderControl {
  const known = Object.keys(defaults());
  const unknown = Object.keys(body).filter((field) => !known.includes(field));
  if (unknown.length > 0) throw new HttpError(400, `${unknown.join(', ')}: unknown field (known: ${known.join(', ')})`);
  const control = { ...defaults(), ...body };
  const numbers = (value: unknown) => Array.isArray(value) && value.every((item) => Number.isInteger(item));
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (!numbers(control.declineAmountsCents)) throw new HttpError(400, 'declineAmountsCents: must be a list of whole numbers of cents');
  if (!strings(control.declineCustomers)) throw new HttpError(400, 'declineCustomers: must be a list of customer ids');
  if (typeof control.errorRate !== 'number' || control.errorRate < 0 || control.errorRate > 1) throw new HttpError(400, 'errorRate: must be a number from 0 to 1');
  if (!Number.isInteger(control.latencyMs) || control.latencyMs < 0 || control.latencyMs > 60_000) throw new HttpError(400, 'latencyMs: must be a whole number from 0 to 60000');
  if (typeof control.outage !== 'boolean') throw new HttpError(400, 'outage: must be true or false');
  return control;
}
