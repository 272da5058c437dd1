/**
 * The client's own promises, against a scripted fetch: what it sends and how it takes each answer.
 * The integration tests drive the real API through it (test/integration/).
 */
import { createShopClient, ProblemError, type ShopClientOptions } from '../src/index.ts';

type Sent = { method: string; path: string; headers: Headers; body: unknown };
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
type Script = (sent: Sent) => Answer | 'network down';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, body, headers });
const problem = (status: number, slug: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Answer => ({
  status,
  body: { type: `urn:shop:problem:${slug}`, title: slug, status, detail: `${slug} detail`, ...extra },
  headers: { 'content-type': 'application/problem+json', ...headers },
});
const tokens = (n: number, expiresIn = 900) => json(200, { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn, tokenType: 'Bearer' });
const order = (state: string) => ({ id: 'o-1', state });

/** A client whose fetch answers by `script`, and the requests it sent. */
function scripted(script: Script, options: Partial<ShopClientOptions> = {}) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = await request.text();
    const call = { method: request.method, path: new URL(request.url).pathname, headers: request.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    sent.push(call);
    const answer = script(call);
    if (answer === 'network down') throw new TypeError('fetch failed');
    const body = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(body, { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers } });
  };
  return { shop: createShopClient({ baseUrl: 'http://api.test', fetch, ...options }), sent };
}

const signedInAs = (n: number, expiresAt = Date.now() + 900_000) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt });

describe('the shop client', () => {
  it('signs up: registers, then logs in, and sends the access token to the routes that need one', async () => {
    const { shop, sent } = scripted(({ path }) => {
      if (path === '/auth/register') return json(201, { id: 'u-1', email: 'ada@example.com', name: 'Ada', role: 'customer' });
      if (path === '/auth/login') return tokens(1);
      return json(200, { id: 'u-1', name: 'Ada' });
    });

    const user = await shop.signUp({ email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' });
    await shop.me.get();

    expect(user.id).toBe('u-1');
    expect(sent.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /auth/register', 'POST /auth/login', 'GET /users/me']);
    expect(sent[1]?.body).toEqual({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(sent[2]?.headers.get('authorization')).toBe('Bearer access-1');
    expect(sent[0]?.headers.get('authorization')).toBeNull();
  });

  it('refreshes an access token about to expire before sending it, and keeps the rotated refresh token', async () => {
    let clock = 1_000_000;
    const sessions: unknown[] = [];
    const { shop, sent } = scripted(({ path }) => (path === '/auth/refresh' ? tokens(2) : json(200, { id: 'u-1' })), {
      session: { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: clock + 20_000 },
      now: () => clock,
      onSession: (session) => sessions.push(session),
    });

    await shop.me.get();
    clock += 60_000;
    await shop.me.get();

    expect(sent.map(({ path }) => path)).toEqual(['/auth/refresh', '/users/me', '/users/me']);
    expect(sent[0]?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(sent[1]?.headers.get('authorization')).toBe('Bearer access-2');
    expect(shop.session).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 1_000_000 + 900_000 });
    expect(sessions).toHaveLength(1);
  });

  it('refreshes once when the API refuses a current token, and sends the call again with the new one', async () => {
    const { shop, sent } = scripted(({ path, headers }) => {
      if (path === '/auth/refresh') return tokens(2);
      return headers.get('authorization') === 'Bearer access-2' ? json(200, { id: 'u-1' }) : json(401, { message: 'Unauthorized' });
    }, { session: signedInAs(1) });

    const me = await shop.me.get();

    expect(me).toEqual({ id: 'u-1' });
    expect(sent.map(({ path }) => path)).toEqual(['/users/me', '/auth/refresh', '/users/me']);
  });

  it('shares one refresh among calls that need it at once (a refresh token is good once)', async () => {
    const { shop, sent } = scripted(({ path }) => (path === '/auth/refresh' ? tokens(2) : json(200, { items: [] })), {
      session: signedInAs(1, Date.now() + 1_000),
    });

    await Promise.all([shop.me.get(), shop.orders.list(), shop.notifications.list()]);

    expect(sent.filter(({ path }) => path === '/auth/refresh')).toHaveLength(1);
    expect(sent.filter(({ path }) => path !== '/auth/refresh').map(({ headers }) => headers.get('authorization'))).toEqual(Array(3).fill('Bearer access-2'));
  });

  it('ends the session when its refresh token is refused, and says so with a 401', async () => {
    const sessions: unknown[] = [];
    const { shop } = scripted(({ path }) => (path === '/auth/refresh' ? problem(401, 'unauthorized') : json(401, { message: 'Unauthorized' })), {
      session: signedInAs(1),
      onSession: (session) => sessions.push(session),
    });

    const failure = await shop.me.get().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProblemError);
    expect(failure).toMatchObject({ status: 401, type: 'urn:shop:problem:unauthorized' });
    expect(shop.session).toBeUndefined();
    expect(sessions).toEqual([undefined]);
  });

  it('makes an Idempotency-Key for an order and sends the same one on every retry', async () => {
    let calls = 0;
    const { shop, sent } = scripted(() => {
      calls++;
      if (calls === 1) return 'network down';
      if (calls === 2) return problem(503, 'unavailable', {}, { 'retry-after': '0' });
      return json(202, order('PENDING'), { location: '/orders/o-1' });
    }, { session: signedInAs(1) });

    const placed = await shop.orders.place([{ productId: 'p-1', quantity: 2 }]);
    await shop.orders.place([{ productId: 'p-1', quantity: 2 }]);

    const keys = sent.map(({ headers }) => headers.get('idempotency-key'));
    expect(placed.state).toBe('PENDING');
    expect(keys.slice(0, 3)).toEqual(Array(3).fill(keys[0]));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[3]).not.toBe(keys[0]);
    expect(sent[0]?.body).toEqual({ items: [{ productId: 'p-1', quantity: 2 }] });
  });

  it('does not send an order again when the API refused it for good', async () => {
    const { shop, sent } = scripted(() => problem(422, 'unprocessable', { errors: [{ field: 'items.0.productId', reason: 'is not a product the catalog sells' }] }), {
      session: signedInAs(1),
    });

    const failure = (await shop.orders.place([{ productId: 'p-1', quantity: 1 }]).catch((error: unknown) => error)) as ProblemError;

    expect(sent).toHaveLength(1);
    expect(failure).toMatchObject({ status: 422, type: 'urn:shop:problem:unprocessable' });
    expect(failure.reasonFor('items.0.productId')).toBe('is not a product the catalog sells');
  });

  it('gives problem answers as typed errors with status, type and the field errors', async () => {
    const { shop } = scripted(() => problem(400, 'validation-error', { errors: [{ field: 'priceCents', reason: 'must be 0 or more' }] }), {
      session: signedInAs(1),
    });

    const failure = (await shop.products.create({ name: 'Teapot', priceCents: -1, currency: 'EUR', category: 'kitchen' }).catch((error: unknown) => error)) as ProblemError;

    expect(failure).toBeInstanceOf(ProblemError);
    expect({ status: failure.status, type: failure.type, errors: failure.errors }).toEqual({
      status: 400,
      type: 'urn:shop:problem:validation-error',
      errors: [{ field: 'priceCents', reason: 'must be 0 or more' }],
    });
  });

  it('gives the gateway\'s own refusal (no problem body) as a ProblemError of type about:blank', async () => {
    const { shop } = scripted(() => json(403, { message: 'Forbidden' }), { session: signedInAs(1) });

    const failure = (await shop.products.remove('p-1', '*').catch((error: unknown) => error)) as ProblemError;

    expect(failure).toMatchObject({ status: 403, type: 'about:blank', detail: 'Forbidden' });
  });

  it('sends If-Match from the product read, or as given', async () => {
    const { shop, sent } = scripted(({ method }) => (method === 'DELETE' ? { status: 204 } : json(200, { id: 'p-1', version: 4 })), { session: signedInAs(1) });

    await shop.products.update('p-1', { stock: 3 }, { version: 3 });
    await shop.products.remove('p-1', '*');

    expect(sent.map(({ headers }) => headers.get('if-match'))).toEqual(['"3"', '*']);
  });

  it('waits for an order to end, looking again until it has', async () => {
    const states = ['PENDING', 'STOCK_RESERVED', 'CONFIRMED'];
    const { shop, sent } = scripted(() => json(200, order(states.shift() ?? 'CONFIRMED')), { session: signedInAs(1) });

    const ended = await shop.orders.waitFor('o-1', { intervalMs: 1 });

    expect(ended.state).toBe('CONFIRMED');
    expect(sent).toHaveLength(3);
  });
});
