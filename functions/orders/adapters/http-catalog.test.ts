import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BreakerWatch } from '../../../lib/breakers.ts';
import { withCorrelationId } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import { InMemoryBreakerLog } from '../../../lib/testing/in-memory-breaker-log.ts';
import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { HttpCatalog, type CatalogResilience } from './http-catalog.ts';

// The catalog's GET /products/{id}, as each test sets it: a product, a status, or no answer in time.
type Answer = { status: number; body?: unknown } | 'hang';
let answer: Answer;
let calls: Array<{ url: string; correlationId: string | undefined }>;
let server: Server;
let baseUrl: string;

const product = { id: randomUUID(), name: 'Teapot', description: '', priceCents: 2500, currency: 'EUR', category: 'tea', stock: 5, version: 1 };

beforeAll(async () => {
  server = createServer((request, response) => {
    calls.push({ url: String(request.url), correlationId: request.headers['x-correlation-id'] as string | undefined });
    if (answer === 'hang') return; // never answers; the client's timeout ends it
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  answer = { status: 200, body: product };
  calls = [];
});

const settings: CatalogResilience = { timeoutMs: 200, breakAfter: 3, halfOpenAfterMs: 60_000 };

function catalog(overrides: Partial<CatalogResilience> = {}) {
  let breaks = 0;
  const log = new InMemoryBreakerLog();
  const watch = new BreakerWatch('catalog', { log, clock: new ManualClock('2030-01-01T00:00:00.000Z'), container: 'c-1', onChange: (state) => (breaks += state === 'open' ? 1 : 0) });
  const subject = new HttpCatalog(async () => baseUrl, { ...settings, ...overrides }, watch);
  return { subject, breaks: () => breaks, log };
}

describe('the catalog over HTTP, behind a breaker and a timeout', () => {
  it('reads the price and currency of a product, passing the correlation id on', async () => {
    const { subject } = catalog();

    const found = await withCorrelationId('order-corr-1', () => subject.product(product.id));

    expect(found).toEqual({ id: product.id, priceCents: 2500, currency: 'EUR' });
    expect(calls).toEqual([{ url: `/products/${product.id}`, correlationId: 'order-corr-1' }]);
  });

  it('answers undefined for a product the catalog does not have (404), which is no failure', async () => {
    const { subject, breaks } = catalog();
    answer = { status: 404, body: { title: 'Not found' } };

    for (let call = 0; call < settings.breakAfter + 1; call++) expect(await subject.product(product.id)).toBeUndefined();

    expect(breaks()).toBe(0);
    expect(calls).toHaveLength(settings.breakAfter + 1);
  });

  it('fails with a TransientError when the catalog does not answer in time, or answers 5xx', async () => {
    const { subject } = catalog();
    answer = 'hang';
    const slow = subject.product(product.id);
    await expect(slow).rejects.toThrow(TransientError);

    answer = { status: 503, body: {} };
    await expect(subject.product(product.id)).rejects.toThrow(TransientError);
  });

  it('opens its breaker after consecutive failures, records it, and then fails fast without calling the catalog', async () => {
    const { subject, breaks, log } = catalog();
    answer = { status: 500 };
    for (let call = 0; call < settings.breakAfter; call++) await expect(subject.product(product.id)).rejects.toThrow(TransientError);
    const callsWhenOpened = calls.length;
    answer = { status: 200, body: product };

    const started = Date.now();
    await expect(subject.product(product.id)).rejects.toThrow(TransientError);

    expect(breaks()).toBe(1);
    expect(await log.latest(['catalog'])).toEqual([{ dependency: 'catalog', state: 'open', at: '2030-01-01T00:00:00.000Z', container: 'c-1' }]);
    expect(calls).toHaveLength(callsWhenOpened);
    expect(Date.now() - started).toBeLessThan(settings.timeoutMs);
  });

  it('never prices with a product seen before while the catalog cannot answer: the price may have changed since', async () => {
    const { subject } = catalog();
    await subject.product(product.id);
    answer = { status: 503 };

    await expect(subject.product(product.id)).rejects.toThrow(TransientError);
  });

  it('takes an answer that is not a product for a failure of the catalog', async () => {
    const { subject } = catalog();
    answer = { status: 200, body: { id: product.id, priceCents: 'cheap' } };

    await expect(subject.product(product.id)).rejects.toThrow(TransientError);
  });
});
