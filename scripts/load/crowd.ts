/**
 * A crowd of customers on the shop's API, as `npm run load` drives it: an admin lays out products (some
 * plentiful, a few scarce) and restocks the scarce ones now and then; customers sign up and in, browse
 * and page the catalog, read products, place orders, read their orders and notifications, and cancel
 * some. Actions start at a steady rate, each on its tick whatever the answers before it (a slow shop
 * does not slow the crowd down), and each is picked from the mix by weight. With `orders`, exactly that
 * many orders are placed, spread evenly over the run, besides the mix.
 *
 * Everything it did is kept in its record: each call, and each placement with every attempt's answer,
 * so that the chaos run can check the shop against it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient, type Answer, type Call } from './api-client.ts';

export const ACTIONS = ['browse', 'product', 'order', 'orders', 'notifications', 'cancel', 'signin', 'restock'] as const;
export type Action = (typeof ACTIONS)[number];
export type Mix = Record<Action, number>;

export const DEFAULT_MIX: Mix = { browse: 30, product: 20, order: 20, orders: 10, notifications: 8, cancel: 5, signin: 4, restock: 3 };

/** The states an order ends in (CONFIRMED can still be cancelled). */
export const FINAL_STATES = ['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED'];

export type Credentials = { email: string; password: string };

export type LoadOptions = {
  api: string;
  customers: number;
  /** Actions a second, over the whole crowd. */
  rate: number;
  durationSeconds: number;
  /** Exactly this many orders, spread over the run, besides the mix (whose `order` weight then counts for nothing). */
  orders?: number;
  mix: Mix;
  /** The share of orders that ask for a scarce product. */
  scarceShare: number;
  admin: Credentials;
  /** After the run, how long to wait at most for its orders to end. */
  settleSeconds: number;
  onProgress?: (progress: Progress) => void;
};

export type Progress = { elapsedMs: number; calls: number; perSecond: number; errors: number; placed: number; ended: number; open: number };

type Item = { productId: string; quantity: number };

export type Customer = { id: string; email: string; password: string; token: string };
export type Product = { id: string; priceCents: number; initialStock: number; scarce: boolean };

/** One order placement: every attempt under its Idempotency-Key, and what became of the order as the customer saw it. */
export type Placement = {
  key: string;
  customerId: string;
  items: Item[];
  /** When its first attempt was sent (when its turn came, if it never was). */
  sentAt: number;
  /** Each attempt's status, in order (0: no answer); none when its turn came too late to send it. */
  attempts: number[];
  /** From the 2xx answer. */
  orderId?: string;
  /** The order's state when last read, and when its history says it first ended (CONFIRMED included). */
  state?: string;
  endedAt?: number;
};

export type LoadRecord = {
  api: string;
  startedAt: number;
  /** When the last action of the run started (the settling after it aside). */
  endedAt: number;
  customers: Customer[];
  products: Product[];
  calls: Call[];
  placements: Placement[];
  cancels: Array<{ orderId: string; at: number; status: number }>;
  /** Stock the admin added: `added` units, answered `status` (a 5xx or no answer may or may not have been applied). */
  restocks: Array<{ productId: string; added: number; at: number; status: number }>;
};

const PLENTIFUL = { count: 8, stock: 1_000_000 };
const SCARCE = { count: 2, stock: 5, restockBy: 3 };
/** Actions under way at once, at most: past it a tick is skipped (never an order's), so a stalled shop does not pile up work here. */
const MAX_IN_FLIGHT = 100;
/** How often the customers with open orders read their orders list. */
const FOLLOW_EVERY_MS = 5000;
/** How long a placement keeps trying (503, 429, no answer), after the run's end. */
const PLACEMENT_GRACE_MS = 120_000;

export class Crowd {
  readonly record: LoadRecord;
  readonly #api: ApiClient;
  readonly #options: LoadOptions;
  readonly #runId = randomUUID().slice(0, 8);
  #admin: Customer | undefined;
  #nextOrderer = 0;
  #inFlight = new Set<Promise<void>>();
  /** Each customer's placement under way, which their next one waits for. */
  readonly #placing = new Map<string, Promise<void>>();

  constructor(options: LoadOptions) {
    this.#options = options;
    this.record = { api: options.api, startedAt: 0, endedAt: 0, customers: [], products: [], calls: [], placements: [], cancels: [], restocks: [] };
    this.#api = new ApiClient(options.api, (call) => this.record.calls.push(call));
  }

  get category(): string {
    return `load-${this.#runId}`;
  }

  /** The admin signs in and lays out the products; the customers sign up and in. */
  async setUp(): Promise<void> {
    this.#admin = await this.#logIn(this.#options.admin.email, this.#options.admin.password);
    for (let n = 0; n < PLENTIFUL.count + SCARCE.count; n++) {
      const scarce = n >= PLENTIFUL.count;
      const priceCents = 500 + 250 * n;
      const stock = scarce ? SCARCE.stock : PLENTIFUL.stock;
      const name = `${scarce ? 'Scarce' : 'Load'} item ${n} ${this.#runId}`;
      const created = await this.#surely('create a product', () =>
        this.#api.call<{ id: string }>('POST /products', '/products', { token: this.#admin?.token, body: { name, priceCents, currency: 'EUR', category: this.category, stock } }),
      );
      this.record.products.push({ id: created.body.id, priceCents, initialStock: stock, scarce });
    }
    await inBatches(this.#options.customers, 4, (n) => this.#signUp(n));
  }

  /** The run itself: actions at the rate for the duration, then the orders followed until they end (or settleSeconds). */
  async run(): Promise<LoadRecord> {
    const { rate, durationSeconds, orders } = this.#options;
    const start = Date.now();
    this.record.startedAt = start;
    const end = start + durationSeconds * 1000;
    const ticks: Array<{ at: number; action: Action }> = [];
    const mix = orders === undefined ? this.#options.mix : { ...this.#options.mix, order: 0 };
    for (let n = 0; n < rate * durationSeconds; n++) ticks.push({ at: start + (n * 1000) / rate, action: pick(mix) });
    for (let n = 0; n < (orders ?? 0); n++) ticks.push({ at: start + ((n + 0.5) * durationSeconds * 1000) / (orders ?? 1), action: 'order' });
    ticks.sort((a, b) => a.at - b.at);

    const progress = setInterval(() => this.#options.onProgress?.(this.progress()), 1000);
    const following = this.#follow(() => Date.now() >= end && this.#inFlight.size === 0);
    try {
      for (const tick of ticks) {
        await sleep(tick.at - Date.now());
        if (this.#inFlight.size >= MAX_IN_FLIGHT && tick.action !== 'order') continue;
        const done: Promise<void> = this.#act(tick.action, end).finally(() => this.#inFlight.delete(done));
        this.#inFlight.add(done);
      }
      this.record.endedAt = Date.now();
      await Promise.all(this.#inFlight);
      await following;
      await this.settle(this.#options.settleSeconds);
    } finally {
      clearInterval(progress);
      this.#options.onProgress?.(this.progress());
    }
    return this.record;
  }

  /** Follows the orders placed until each has ended, or `seconds` have passed. */
  async settle(seconds: number): Promise<void> {
    const until = Date.now() + seconds * 1000;
    await this.#follow(() => Date.now() >= until || this.#openPlacements().length === 0);
    await this.#readOrders(new Set(this.record.placements.map(({ customerId }) => customerId)));
  }

  progress(): Progress {
    const now = Date.now();
    const { calls, placements } = this.record;
    const recent = calls.filter(({ at }) => at > now - 5000).length;
    const placed = placements.filter(({ orderId }) => orderId !== undefined).length;
    const ended = placements.filter(({ endedAt }) => endedAt !== undefined).length;
    return {
      elapsedMs: now - this.record.startedAt,
      calls: calls.length,
      perSecond: recent / 5,
      errors: calls.filter(({ status }) => status === 0 || status >= 500).length,
      placed,
      ended,
      open: placed - ended,
    };
  }

  async #act(action: Action, end: number): Promise<void> {
    const customer = this.record.customers[randomInt(this.record.customers.length)];
    if (customer === undefined) return;
    switch (action) {
      case 'browse':
        return this.#browse();
      case 'product':
        return void (await this.#api.call('GET /products/{id}', `/products/${this.#someProduct().id}`));
      case 'order':
        return this.#placeOrder(end);
      case 'orders':
        return void (await this.#asCustomer(customer, (token) => this.#api.call('GET /orders', '/orders?limit=20', { token })));
      case 'notifications':
        return void (await this.#asCustomer(customer, (token) => this.#api.call('GET /notifications', '/notifications?limit=20', { token })));
      case 'cancel':
        return this.#cancel();
      case 'signin':
        return void (await this.#refreshToken(customer));
      case 'restock':
        return this.#restock();
    }
  }

  /** The catalog's first page (of this run's category, or of every product), then up to two more. */
  async #browse(): Promise<void> {
    let path = randomInt(4) === 0 ? '/products?limit=5' : `/products?category=${this.category}&limit=4`;
    for (let page = 0; page < 1 + randomInt(3); page++) {
      const answer = await this.#api.call<{ nextCursor?: string }>('GET /products', path);
      const cursor = answer.body.nextCursor;
      if (answer.status !== 200 || cursor === undefined) return;
      path = `${path.replace(/&cursor=.*$/, '')}&cursor=${encodeURIComponent(cursor)}`;
    }
  }

  /**
   * POST /orders as a careful client does: a key of its own, sent again under the same key after a 503
   * or 429 (after Retry-After) or no answer, until a while after the run's end. Customers take turns,
   * so that none goes past their 20 a minute, and each places one order at a time: an order whose turn
   * comes while the customer is still placing the one before waits for it (a crowd of n customers never
   * has more than n placements under way, however long the shop takes).
   */
  #placeOrder(end: number): Promise<void> {
    const customer = this.record.customers[this.#nextOrderer++ % this.record.customers.length];
    if (customer === undefined) return Promise.resolve();
    const placement = this.#newPlacement(customer);
    const previous = this.#placing.get(customer.id) ?? Promise.resolve();
    const placing = previous.then(() => this.#place(customer, placement, end));
    this.#placing.set(customer.id, placing);
    return placing;
  }

  #newPlacement(customer: Customer): Placement {
    const scarce = Math.random() < this.#options.scarceShare;
    const items = scarce
      ? [{ productId: this.#someProduct(true).id, quantity: 1 }]
      : distinct(Array.from({ length: 1 + randomInt(2) }, () => this.#someProduct(false).id)).map((productId) => ({ productId, quantity: 1 + randomInt(3) }));
    const placement: Placement = { key: randomUUID(), customerId: customer.id, items, sentAt: Date.now(), attempts: [] };
    this.record.placements.push(placement);
    return placement;
  }

  async #place(customer: Customer, placement: Placement, end: number): Promise<void> {
    if (Date.now() > end + PLACEMENT_GRACE_MS) return;
    placement.sentAt = Date.now();
    const { items } = placement;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#asCustomer(customer, (token) =>
        this.#api.call<{ id?: string }>('POST /orders', '/orders', { token, headers: { 'idempotency-key': placement.key }, body: { items } }),
      );
      placement.attempts.push(answer.status);
      const id = answer.body.id;
      if (answer.status === 202 && typeof id === 'string') {
        placement.orderId = id;
        placement.state = 'PENDING';
        return;
      }
      // A 2xx that is not the 202 with the order is no answer to trust: the same key again finds out.
      const again = answer.status === 0 || answer.status === 429 || answer.status >= 500 || (answer.status >= 200 && answer.status < 300);
      if (!again || Date.now() > end + PLACEMENT_GRACE_MS) return;
      await sleep(retryAfterMs(answer, attempt));
    }
  }

  /** A customer cancels one of their orders that has not ended, or a confirmed one. */
  async #cancel(): Promise<void> {
    const cancellable = this.record.placements.filter(({ orderId, state }) => orderId !== undefined && (state === undefined || !FINAL_STATES.includes(state) || state === 'CONFIRMED'));
    const placement = cancellable[randomInt(Math.max(1, cancellable.length))];
    const customer = this.record.customers.find(({ id }) => id === placement?.customerId);
    if (placement?.orderId === undefined || customer === undefined) return;
    const orderId = placement.orderId;
    const answer = await this.#asCustomer(customer, (token) => this.#api.call('POST /orders/{id}/cancel', `/orders/${orderId}/cancel`, { token }));
    this.record.cancels.push({ orderId, at: Date.now(), status: answer.status });
  }

  /**
   * The admin adds stock to a scarce product: read it, then PATCH it on the version read (If-Match);
   * read again and retry when an order took stock meanwhile (412).
   */
  async #restock(): Promise<void> {
    const admin = this.#admin;
    if (admin === undefined) return;
    const product = this.#someProduct(true);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const read = await this.#api.call<{ stock: number }>('GET /products/{id}', `/products/${product.id}`);
      const etag = read.headers.get('etag');
      if (read.status !== 200 || etag === null) return;
      const answer = await this.#asCustomer(admin, (token) =>
        this.#api.call('PATCH /products/{id}', `/products/${product.id}`, { token, headers: { 'if-match': etag }, body: { stock: read.body.stock + SCARCE.restockBy } }),
      );
      this.record.restocks.push({ productId: product.id, added: SCARCE.restockBy, at: Date.now(), status: answer.status });
      if (answer.status !== 412) return;
    }
  }

  /** Until `done`, the customers with open orders read their orders list every couple of seconds. */
  async #follow(done: () => boolean): Promise<void> {
    while (!done()) {
      const waiting = new Set(this.#openPlacements().map(({ customerId }) => customerId));
      await this.#readOrders(waiting);
      await sleep(FOLLOW_EVERY_MS);
    }
  }

  async #readOrders(customerIds: Set<string>): Promise<void> {
    const customers = this.record.customers.filter(({ id }) => customerIds.has(id));
    await inBatches(customers.length, 4, async (n) => {
      const customer = customers[n];
      if (customer === undefined) return;
      let cursor: string | undefined;
      do {
        const path = `/orders?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const answer = await this.#asCustomer(customer, (token) => this.#api.call<OrderPage>('GET /orders', path, { token }));
        if (answer.status !== 200) return;
        for (const order of answer.body.items ?? []) this.#saw(order);
        cursor = answer.body.nextCursor;
      } while (cursor !== undefined);
    });
  }

  #saw(order: SeenOrder): void {
    const placement = this.record.placements.find(({ orderId }) => orderId === order.id);
    if (placement === undefined) return;
    placement.state = order.state;
    const ended = order.history.find(({ state }) => FINAL_STATES.includes(state));
    if (ended !== undefined) placement.endedAt = Date.parse(ended.at);
  }

  #openPlacements(): Placement[] {
    return this.record.placements.filter(({ orderId, endedAt }) => orderId !== undefined && endedAt === undefined);
  }

  #someProduct(scarce?: boolean): Product {
    const products = this.record.products.filter((product) => scarce === undefined || product.scarce === scarce);
    return products[randomInt(products.length)] as Product;
  }

  async #signUp(n: number): Promise<void> {
    const email = `load-${this.#runId}-${n}@example.com`;
    const password = 'correct horse battery staple';
    await this.#surely('sign up', async () => {
      const answer = await this.#api.call('POST /auth/register', '/auth/register', { body: { email, password, name: `Customer ${n}` } });
      // 409: an earlier attempt went through, its answer lost.
      return answer.status === 409 ? { ...answer, status: 201 } : answer;
    });
    this.record.customers.push(await this.#logIn(email, password));
  }

  async #logIn(email: string, password: string): Promise<Customer> {
    const answer = await this.#surely('sign in', () => this.#api.call<{ accessToken: string }>('POST /auth/login', '/auth/login', { body: { email, password } }));
    const token = answer.body.accessToken;
    return { id: claimsOf(token).sub, email, password, token };
  }

  async #refreshToken(customer: Customer): Promise<void> {
    const answer = await this.#api.call<{ accessToken: string }>('POST /auth/login', '/auth/login', { body: { email: customer.email, password: customer.password } });
    if (answer.status === 200) customer.token = answer.body.accessToken;
  }

  /** A call with the customer's token; once more with a fresh one if it had expired (401). */
  async #asCustomer<T>(customer: Customer, call: (token: string) => Promise<Answer<T>>): Promise<Answer<T>> {
    const answer = await call(customer.token);
    if (answer.status !== 401) return answer;
    await this.#refreshToken(customer);
    return call(customer.token);
  }

  /** A setup step, tried again while the shop does not answer or answers 5xx (a fault may be under way). */
  async #surely<T>(what: string, call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await call();
      if (answer.status >= 200 && answer.status < 300) return answer;
      const again = answer.status === 0 || answer.status === 429 || answer.status >= 500;
      if (!again || attempt >= 10) throw new Error(`Could not ${what}: the API answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      await sleep(retryAfterMs(answer, attempt));
    }
  }
}

type SeenOrder = { id: string; state: string; history: Array<{ state: string; at: string }> };
type OrderPage = { items?: SeenOrder[]; nextCursor?: string };

/** How long to wait before the next attempt: Retry-After when the shop gave one, else half a second doubling; at most 10 s. */
export function retryAfterMs(answer: Pick<Answer<unknown>, 'headers'>, attempt: number): number {
  const given = Number(answer.headers.get('retry-after') ?? Number.NaN);
  const seconds = Number.isFinite(given) && given > 0 ? given : 0.5 * 2 ** (attempt - 1);
  return Math.min(10, seconds) * 1000;
}

/** An action drawn by weight. */
export function pick(mix: Mix, draw = Math.random()): Action {
  const total = ACTIONS.reduce((sum, action) => sum + mix[action], 0);
  let left = draw * total;
  for (const action of ACTIONS) {
    left -= mix[action];
    if (left < 0) return action;
  }
  return ACTIONS.findLast((action) => mix[action] > 0) ?? 'browse';
}

/** `browse=30,order=20`: the weights given; the actions left out weigh nothing. */
export function parseMix(text: string): Mix {
  const mix = Object.fromEntries(ACTIONS.map((action) => [action, 0])) as Mix;
  for (const part of text.split(',')) {
    const [name = '', weight = ''] = part.split('=').map((side) => side.trim());
    if (!(ACTIONS as readonly string[]).includes(name)) throw new Error(`--mix: unknown action "${name}" (known: ${ACTIONS.join(', ')})`);
    if (!/^\d+$/.test(weight)) throw new Error(`--mix: the weight of ${name} must be a whole number, not "${weight}"`);
    mix[name as Action] = Number(weight);
  }
  if (ACTIONS.every((action) => mix[action] === 0)) throw new Error('--mix: give at least one action a weight above 0');
  return mix;
}

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

/** The claims of a token the shop just signed (read, not checked): who the caller is. */
const claimsOf = (token: string): { sub: string } => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string };

async function inBatches(count: number, width: number, work: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await work(next++);
  }));
}
