/**
 * A local payment provider for the local and test stacks: a process of its own (started by npm start
 * with the emulators) that speaks the subset of Stripe's HTTP API the payments service's Stripe adapter
 * uses, with Stripe's paths, form-encoded bodies, objects, errors and idempotency rules, so the official
 * `stripe` SDK talks to it as to Stripe. Written here because stripe-mock is a Go binary (not on npm),
 * answers with fixtures and keeps no state, and no npm package emulates a card provider with a ledger
 * and fault injection.
 *
 *   POST /v1/payment_intents                 amount, currency, payment_method, automatic_payment_methods[...], metadata[...]
 *   GET  /v1/payment_intents/:id             the intent as it stands
 *   POST /v1/payment_intents/:id/confirm     takes the money: succeeded, or 402 card_error (declined)
 *   POST /v1/payment_intents/:id/cancel      canceled; 400 payment_intent_unexpected_state once it succeeded
 *   GET  /v1/payment_intents                 list (limit, starting_after), newest first
 *   GET  /v1/payment_intents/search          query=metadata['<key>']:'<value>'
 *   POST /v1/refunds                         payment_intent, amount, metadata[...]
 *   GET  /v1/refunds                         list, filtered by payment_intent
 *   Every call needs `Authorization: Bearer sk_test_…` (any such key). A POST with an Idempotency-Key
 *   runs once: a repeat gets the first answer (header Idempotent-Replayed: true), the same key with other
 *   parameters or on another path is a 400 idempotency_error, and a repeat while the first is still
 *   running is a 409.
 *   Declined: the payment methods Stripe's test mode declines (pm_card_chargeDeclined, …), and what
 *   the controls below name.
 *
 *   GET  /control, PUT /control    the fault settings (fields left out go back to their defaults), for
 *                                  every operation or only those named in `operations`
 *   GET  /requests?payment_intent= the POSTs that touched an intent, with their X-Correlation-Id (a request log)
 *
 * Its ledger (intents, refunds, idempotent answers) is kept in a journal file when one is given, so it
 * survives restarts of npm start as a real provider's would. Faults are configuration of this process
 * only: the payments service has no test branch.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Emulator } from './emulators.ts';

export type ProviderControl = {
  /** Confirms of exactly these amounts are declined. */
  declineAmountsCents: number[];
  /** Confirms for these customers (metadata.customerId) are declined: a "test card" per customer. */
  declineCustomers: string[];
  /** The share of POSTs (0 to 1) answered 500 before anything is done. */
  errorRate: number;
  /** Waited before a POST is acted on: a slow provider. */
  latencyMs: number;
  /** Waited after a POST was acted on, before it is answered: a provider whose answer comes too late. */
  lateAnswerMs: number;
  /** The share of POSTs (0 to 1) acted on and then never answered (the connection is dropped). */
  lostAnswerRate: number;
  /** Every POST answers 503 before anything is done. */
  outage: boolean;
  /** The operations the faults above apply to (create, confirm, cancel, refund); all of them when empty. */
  operations: Operation[];
};

const OPERATIONS = ['create', 'confirm', 'cancel', 'refund'] as const;
type Operation = (typeof OPERATIONS)[number];

type Status = 'requires_confirmation' | 'requires_payment_method' | 'succeeded' | 'canceled';

/** A PaymentIntent, as Stripe shows one (the fields this subset uses). */
export type PaymentIntent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: Status;
  payment_method: string | null;
  payment_method_types: string[];
  metadata: Record<string, string>;
  created: number;
  canceled_at: number | null;
  last_payment_error: { type: 'card_error'; code: 'card_declined'; decline_code: string; message: string } | null;
  livemode: false;
};

export type Refund = {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
};

type Answer = { status: number; body: unknown; replayed?: boolean };
type Stored = { path: string; fingerprint: string; answer: Answer };
type RequestSeen = { at: string; path: string; idempotencyKey?: string; correlationId?: string; status: number; paymentIntent?: string };
type JournalLine = { intent: PaymentIntent } | { refund: Refund } | { key: string; stored: Stored };

const defaults = (): ProviderControl => ({ declineAmountsCents: [], declineCustomers: [], errorRate: 0, latencyMs: 0, lateAnswerMs: 0, lostAnswerRate: 0, outage: false, operations: [] });

/** The test payment methods Stripe's test mode declines, and the decline code each gives. */
const DECLINING_METHODS: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_visa_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedLostCard: 'lost_card',
  pm_card_chargeDeclinedStolenCard: 'stolen_card',
  pm_card_chargeDeclinedExpiredCard: 'expired_card',
};

const CREATE_PARAMS = ['amount', 'currency', 'payment_method', 'automatic_payment_methods', 'metadata', 'description', 'confirm'];
const REFUND_PARAMS = ['payment_intent', 'amount', 'metadata'];

/** A Stripe error: its HTTP status and the `error` object of its body. */
class StripeError extends Error {
  readonly status: number;
  readonly error: Record<string, unknown>;
  constructor(status: number, error: { type: string; message: string } & Record<string, unknown>) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

const invalid = (message: string, extra: Record<string, unknown> = {}) => new StripeError(400, { type: 'invalid_request_error', message, ...extra });
const missing = (id: string) => new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'`, param: 'intent' });

/**
 * Starts the provider on `port` (0 picks a free one; `url` says which), with no faults set. With a
 * `journal` file, it first reads back the ledger kept there and then adds every change to it.
 */
export async function startPaymentProvider({ port, host = '127.0.0.1', journal }: { port: number; host?: string; journal?: string }): Promise<Emulator> {
  let control = defaults();
  const intents = new Map<string, PaymentIntent>();
  const refunds = new Map<string, Refund>();
  const answers = new Map<string, Stored>();
  const running = new Set<string>();
  const requests: RequestSeen[] = [];

  const keep = (line: JournalLine) => {
    if ('intent' in line) intents.set(line.intent.id, line.intent);
    else if ('refund' in line) refunds.set(line.refund.id, line.refund);
    else answers.set(line.key, line.stored);
    if (journal !== undefined) appendFileSync(journal, `${JSON.stringify(line)}\n`);
  };
  if (journal !== undefined) {
    mkdirSync(dirname(journal), { recursive: true });
    if (existsSync(journal)) {
      for (const text of readFileSync(journal, 'utf8').split('\n')) {
        if (text === '') continue;
        const line = JSON.parse(text) as JournalLine;
        if ('intent' in line) intents.set(line.intent.id, line.intent);
        else if ('refund' in line) refunds.set(line.refund.id, line.refund);
        else answers.set(line.key, line.stored);
      }
    }
  }

  const intentOf = (id: string): PaymentIntent => {
    const intent = intents.get(id);
    if (intent === undefined) throw missing(id);
    return intent;
  };

  const create = (params: Params): Answer => {
    unknownParams(params, CREATE_PARAMS);
    const intent: PaymentIntent = {
      id: newId('pi'),
      object: 'payment_intent',
      amount: positiveInteger(params, 'amount'),
      amount_received: 0,
      currency: currencyOf(params),
      status: typeof params.payment_method === 'string' ? 'requires_confirmation' : 'requires_payment_method',
      payment_method: typeof params.payment_method === 'string' ? params.payment_method : null,
      payment_method_types: ['card'],
      metadata: metadataOf(params),
      created: nowSeconds(),
      canceled_at: null,
      last_payment_error: null,
      livemode: false,
    };
    keep({ intent });
    // Created and confirmed in one call, as Stripe allows.
    if (params.confirm === 'true') return confirmIntent(intent.id, undefined);
    return { status: 200, body: intent };
  };

  const confirm = (id: string, params: Params): Answer => {
    unknownParams(params, ['payment_method']);
    return confirmIntent(id, typeof params.payment_method === 'string' ? params.payment_method : undefined);
  };

  const confirmIntent = (id: string, paymentMethod: string | undefined): Answer => {
    const intent = { ...intentOf(id) };
    if (paymentMethod !== undefined) intent.payment_method = paymentMethod;
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw invalid(`This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`, { code: 'payment_intent_unexpected_state', payment_intent: intent });
    }
    if (intent.payment_method === null) throw invalid('You cannot confirm this PaymentIntent because it\'s missing a payment method.', { code: 'payment_intent_unexpected_state', payment_intent: intent });
    const declineCode = declineCodeOf(intent, control);
    if (declineCode !== undefined) {
      const error = { type: 'card_error' as const, code: 'card_declined' as const, decline_code: declineCode, message: 'Your card was declined.' };
      const declined: PaymentIntent = { ...intent, status: 'requires_payment_method', last_payment_error: error };
      keep({ intent: declined });
      throw new StripeError(402, { ...error, payment_intent: declined });
    }
    const succeeded: PaymentIntent = { ...intent, status: 'succeeded', amount_received: intent.amount, last_payment_error: null };
    keep({ intent: succeeded });
    return { status: 200, body: succeeded };
  };

  const cancel = (id: string, params: Params): Answer => {
    unknownParams(params, ['cancellation_reason']);
    const intent = intentOf(id);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`, { code: 'payment_intent_unexpected_state', payment_intent: intent });
    }
    const canceled: PaymentIntent = { ...intent, status: 'canceled', canceled_at: nowSeconds() };
    keep({ intent: canceled });
    return { status: 200, body: canceled };
  };

  const refund = (params: Params): Answer => {
    unknownParams(params, REFUND_PARAMS);
    const paymentIntent = requiredString(params, 'payment_intent');
    const intent = intentOf(paymentIntent);
    if (intent.status !== 'succeeded') throw invalid(`This PaymentIntent (${paymentIntent}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' });
    const left = intent.amount_received - refundedOf(refunds, paymentIntent);
    const amount = params.amount === undefined ? left : positiveInteger(params, 'amount');
    if (left === 0) throw invalid(`Charge for ${paymentIntent} has already been refunded.`, { code: 'charge_already_refunded' });
    if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`, { code: 'amount_too_large', param: 'amount' });
    const made: Refund = { id: newId('re'), object: 'refund', amount, currency: intent.currency, payment_intent: paymentIntent, status: 'succeeded', metadata: metadataOf(params), created: nowSeconds() };
    keep({ refund: made });
    return { status: 200, body: made };
  };

  /** The operation a POST asks for, by its path, and the work it does. */
  const work = (path: string, params: Params): { operation: Operation; run: () => Answer } => {
    if (path === '/v1/payment_intents') return { operation: 'create', run: () => create(params) };
    if (path === '/v1/refunds') return { operation: 'refund', run: () => refund(params) };
    const action = /^\/v1\/payment_intents\/([^/]+)\/(confirm|cancel)$/.exec(path);
    const id = action?.[1];
    if (id !== undefined && action?.[2] === 'confirm') return { operation: 'confirm', run: () => confirm(id, params) };
    if (id !== undefined) return { operation: 'cancel', run: () => cancel(id, params) };
    throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${path}).` });
  };

  /** The faults set, as they apply to an operation: none when they are set for other operations only. */
  const faultsFor = (operation: Operation): ProviderControl => (control.operations.length === 0 || control.operations.includes(operation) ? control : defaults());

  /**
   * Runs a POST, once per Idempotency-Key (Stripe's rules): a repeat gets the first answer, the key
   * with other parameters or another path is refused, and a repeat while the first still runs is a 409.
   * Faults come first (an outage, an error before anything is done), then the latency.
   */
  const post = async (request: IncomingMessage, path: string, params: Params): Promise<Answer> => {
    const { operation, run } = work(path, params);
    const faults = faultsFor(operation);
    if (faults.outage) throw new StripeError(503, { type: 'api_error', message: 'The provider is down (outage set in /control).' });
    if (Math.random() < faults.errorRate) throw new StripeError(500, { type: 'api_error', message: 'An injected error (errorRate set in /control).' });
    const key = headerOf(request, 'idempotency-key');
    if (key === undefined) {
      await sleep(faults.latencyMs);
      return answerOf(run);
    }
    const fingerprint = createHash('sha256').update(canonical(params)).digest('hex');
    if (running.has(key)) throw new StripeError(409, { type: 'idempotency_error', message: 'There is currently another in-progress request using this Stripe API key and idempotency key.' });
    running.add(key);
    try {
      await sleep(faults.latencyMs);
      const stored = answers.get(key);
      if (stored === undefined) {
        const answer = answerOf(run);
        keep({ key, stored: { path, fingerprint, answer } });
        return answer;
      }
      if (stored.path !== path || stored.fingerprint !== fingerprint) {
        throw new StripeError(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` });
      }
      return { ...stored.answer, replayed: true };
    } finally {
      running.delete(key);
    }
  };

  const get = (url: URL): Answer => {
    const path = url.pathname;
    if (path === '/v1/payment_intents') return { status: 200, body: listOf(path, [...intents.values()], url) };
    if (path === '/v1/payment_intents/search') {
      const query = url.searchParams.get('query') ?? '';
      const match = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query.trim());
      if (match === null) throw invalid(`This subset searches by one metadata field only: query=metadata['key']:'value' (got ${query}).`, { param: 'query' });
      const [, field = '', value = ''] = match;
      const found = [...intents.values()].filter(({ metadata }) => metadata[field] === value).sort(newestFirst);
      return { status: 200, body: { object: 'search_result', data: found, has_more: false, next_page: null, url: path } };
    }
    const one = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (one?.[1] !== undefined) return { status: 200, body: intentOf(one[1]) };
    if (path === '/v1/refunds') {
      const paymentIntent = url.searchParams.get('payment_intent');
      return { status: 200, body: listOf(path, [...refunds.values()].filter((made) => paymentIntent === null || made.payment_intent === paymentIntent), url) };
    }
    throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${path}).` });
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<Answer | 'dropped'> => {
    const url = new URL(request.url ?? '/', 'http://provider');
    const method = request.method ?? 'GET';
    if (url.pathname === '/health' && method === 'GET') return { status: 200, body: { status: 'ok' } };
    if (url.pathname === '/control' && method === 'GET') return { status: 200, body: control };
    if (url.pathname === '/control' && method === 'PUT') {
      control = parseControl(JSON.parse((await readBody(request)) || '{}') as unknown);
      return { status: 200, body: control };
    }
    if (url.pathname === '/requests' && method === 'GET') {
      const paymentIntent = url.searchParams.get('payment_intent');
      return { status: 200, body: { requests: requests.filter((seen) => paymentIntent === null || seen.paymentIntent === paymentIntent) } };
    }
    if (!/^Bearer sk_test_\S+$/.test(headerOf(request, 'authorization') ?? '')) {
      throw new StripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: this local provider takes any sk_test_ key.' });
    }
    if (method === 'GET') return get(url);
    if (method !== 'POST') throw new StripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` });
    const params = parseForm(await readBody(request));
    const answer = await post(request, url.pathname, params);
    note(requests, request, url.pathname, answer);
    const faults = faultsFor(work(url.pathname, params).operation);
    await sleep(faults.lateAnswerMs);
    if (Math.random() < faults.lostAnswerRate) {
      response.destroy();
      return 'dropped';
    }
    return answer;
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    route(request, response)
      .catch((error: unknown) => {
        const answer: Answer = error instanceof StripeError ? { status: error.status, body: { error: error.error } } : { status: 500, body: { error: { type: 'api_error', message: String(error) } } };
        if (request.method === 'POST') note(requests, request, new URL(request.url ?? '/', 'http://provider').pathname, answer);
        return answer;
      })
      .then((answer) => {
        if (answer === 'dropped') return;
        response.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': newId('req'), ...(answer.replayed === true ? { 'idempotent-replayed': 'true' } : {}) });
        response.end(JSON.stringify(answer.body));
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

/** An answer from work that may throw a StripeError: errors are answers too, and are stored as such. */
function answerOf(run: () => Answer): Answer {
  try {
    return run();
  } catch (error) {
    if (error instanceof StripeError && error.status !== 404) return { status: error.status, body: { error: error.error } };
    throw error;
  }
}

/** Keeps the request in the log, with the intent it touched, so a charge can be matched with the order's logs. */
function note(requests: RequestSeen[], request: IncomingMessage, path: string, answer: Answer): void {
  const body = answer.body as { id?: string; object?: string; payment_intent?: string; error?: { payment_intent?: { id?: string } } };
  const paymentIntent = /^\/v1\/payment_intents\/([^/]+)/.exec(path)?.[1] ?? (body.object === 'payment_intent' ? body.id : (body.payment_intent ?? body.error?.payment_intent?.id));
  const idempotencyKey = headerOf(request, 'idempotency-key');
  const correlationId = headerOf(request, 'x-correlation-id');
  requests.push({
    at: new Date().toISOString(),
    path,
    status: answer.status,
    ...(paymentIntent === undefined ? {} : { paymentIntent }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(correlationId === undefined ? {} : { correlationId }),
  });
  // A request log, not a ledger: the latest requests are enough to follow an order.
  if (requests.length > 20_000) requests.splice(0, requests.length - 20_000);
}

type Params = { [key: string]: string | string[] | Params | undefined };

/** Stripe's form encoding: `a=1&metadata[k]=v&list[0]=x` (the SDK's encoding) into nested values. */
export function parseForm(text: string): Params {
  const params: Params = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const [head = name, ...rest] = name.split('[').map((part) => part.replace(/\]$/, ''));
    if (rest.length === 0) {
      params[head] = value;
      continue;
    }
    const [sub = ''] = rest;
    const existing = params[head];
    if (/^\d*$/.test(sub)) {
      params[head] = [...(Array.isArray(existing) ? existing : []), value];
    } else {
      params[head] = { ...(typeof existing === 'object' && !Array.isArray(existing) ? existing : {}), [sub]: value };
    }
  }
  return params;
}

function unknownParams(params: Params, known: string[]): void {
  const unknown = Object.keys(params).find((name) => !known.includes(name));
  if (unknown !== undefined) throw invalid(`Received unknown parameter: ${unknown}`, { code: 'parameter_unknown', param: unknown });
}

function requiredString(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
  return value;
}

function positiveInteger(params: Params, name: string): number {
  const text = requiredString(params, name);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalid(`Invalid integer: ${text}`, { code: 'parameter_invalid_integer', param: name });
  return Number(text);
}

function currencyOf(params: Params): string {
  const currency = requiredString(params, 'currency');
  if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, { param: 'currency' });
  return currency;
}

function metadataOf(params: Params): Record<string, string> {
  const metadata = params.metadata;
  if (metadata === undefined) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('Invalid object', { param: 'metadata' });
  const values = Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (values.length !== Object.keys(metadata).length) throw invalid('Metadata values must be strings.', { param: 'metadata' });
  return Object.fromEntries(values);
}

function declineCodeOf(intent: PaymentIntent, control: ProviderControl): string | undefined {
  const byMethod = DECLINING_METHODS[intent.payment_method ?? ''];
  if (byMethod !== undefined) return byMethod;
  if (control.declineCustomers.includes(intent.metadata.customerId ?? '') || control.declineAmountsCents.includes(intent.amount)) return 'generic_decline';
  return undefined;
}

const refundedOf = (refunds: Map<string, Refund>, paymentIntent: string): number =>
  [...refunds.values()].filter((made) => made.payment_intent === paymentIntent).reduce((sum, made) => sum + made.amount, 0);

function listOf<T extends { id: string; created: number }>(path: string, items: T[], url: URL): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? '10') || 10));
  const sorted = [...items].sort(newestFirst);
  const after = url.searchParams.get('starting_after');
  const from = after === null ? 0 : sorted.findIndex(({ id }) => id === after) + 1;
  const data = sorted.slice(from, from + limit);
  return { object: 'list', data, has_more: from + limit < sorted.length, url: path };
}

/** Newest first, as Stripe lists; ties (the same second) by id, which is made in order. */
const newestFirst = (a: { id: string; created: number }, b: { id: string; created: number }) => b.created - a.created || (a.id < b.id ? 1 : -1);

/** An id as Stripe's look (`pi_…`, `re_…`), in the order they were made (for a stable list order). */
let made = 0;
const newId = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${(made++ % 1296).toString(36).padStart(2, '0')}${randomBytes(8).toString('hex')}`;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** The parameters in a canonical order, so the same parameters always fingerprint the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseControl(body: unknown): ProviderControl {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('The control settings must be a JSON object.');
  const known = Object.keys(defaults());
  const unknown = Object.keys(body).filter((field) => !known.includes(field));
  if (unknown.length > 0) throw invalid(`${unknown.join(', ')}: unknown field (known: ${known.join(', ')})`);
  const control = { ...defaults(), ...body } as Record<keyof ProviderControl, unknown>;
  const numbers = (value: unknown) => Array.isArray(value) && value.every((item) => Number.isInteger(item));
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const share = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
  const wait = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 60_000;
  if (!numbers(control.declineAmountsCents)) throw invalid('declineAmountsCents: must be a list of whole numbers of cents');
  if (!strings(control.declineCustomers)) throw invalid('declineCustomers: must be a list of customer ids');
  if (!share(control.errorRate)) throw invalid('errorRate: must be a number from 0 to 1');
  if (!share(control.lostAnswerRate)) throw invalid('lostAnswerRate: must be a number from 0 to 1');
  if (!wait(control.latencyMs)) throw invalid('latencyMs: must be a whole number from 0 to 60000');
  if (!wait(control.lateAnswerMs)) throw invalid('lateAnswerMs: must be a whole number from 0 to 60000');
  if (typeof control.outage !== 'boolean') throw invalid('outage: must be true or false');
  if (!Array.isArray(control.operations) || !control.operations.every((operation) => (OPERATIONS as readonly unknown[]).includes(operation))) {
    throw invalid(`operations: must be a list of ${OPERATIONS.join(', ')}`);
  }
  return control as ProviderControl;
}
