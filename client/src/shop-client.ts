/**
 * The shop's API as a TypeScript client, over the SDK generated from its OpenAPI document
 * (src/generated/, hey-api). It keeps the caller's session (the access token refreshed before it
 * expires or when the API refuses it, the refresh token rotated as each refresh answers), makes an
 * order's Idempotency-Key and keeps it across retries, waits for an order to end, and throws every
 * answer that is not a success as a ProblemError. Only fetch and Web APIs: it runs in a browser as in Node.
 */
import { createClient, createConfig } from './generated/client';
import * as sdk from './generated/sdk.gen';
import type { CreateProductData, ListLatestOrdersData, NotificationView, Order, Product, TokenPair, UpdateMeData, UpdateProductData, User } from './generated/types.gen';
import { ProblemError, problemOf } from './problem-error';

/** What a sign-in gives: keep it (the `onSession` callback) to carry a session across page loads. */
export type Session = { accessToken: string; refreshToken: string; /** Epoch milliseconds. */ expiresAt: number };

export type ShopClientOptions = {
  /** The API's base URL, e.g. http://127.0.0.1:3000 (npm start) or the deployed API's. */
  baseUrl: string;
  /** A session kept from before, if any. */
  session?: Session;
  /** Told of every new session (sign-in, each refresh) and of its end (undefined). */
  onSession?: (session: Session | undefined) => void;
  /** The fetch to use (globalThis.fetch unless given). */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch (Date.now unless given). */
  now?: () => number;
};

export type Page<T> = { items: T[]; nextCursor?: string };
export type PageQuery = { limit?: number; cursor?: string };
export type OrderItem = { productId: string; quantity: number };
export type ProductDraft = CreateProductData['body'];
/** The states an order can be found in (PAID passes within one write). */
export type LatestOrdersState = NonNullable<NonNullable<ListLatestOrdersData['query']>['state']>;
export type ProductChanges = UpdateProductData['body'];
/** An If-Match: a product as read (its version), an ETag ("3") or '*' for any version. */
export type Precondition = { version: number } | string;

/** The states an order ends in; the others move on by themselves. */
export const FINAL_STATES: ReadonlySet<Order['state']> = new Set(['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'COMPENSATION_FAILED']);

/** An access token this close to its expiry is refreshed before it is sent. */
const REFRESH_MARGIN_MS = 30_000;
/** The statuses worth sending an order again for, with the same key: nothing was decided. */
const RETRYABLE = new Set([429, 502, 503, 504]);

type Result<T> = { data?: T; error?: unknown; response?: Response };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ifMatch = (precondition: Precondition): string => (typeof precondition === 'string' ? precondition : `"${precondition.version}"`);
const pageQuery = ({ limit, cursor }: PageQuery) => ({ ...(limit === undefined ? {} : { limit: String(limit) }), ...(cursor === undefined ? {} : { cursor }) });

/** The data of a success; a ProblemError for any other answer, and the fetch's own error when none came. */
function unwrap<T>({ data, error, response }: Result<T>): T {
  if (response === undefined) throw error instanceof Error ? error : new Error(`The request failed: ${String(error)}`);
  if (!response.ok) throw problemOf(response, error);
  return data as T;
}

export function createShopClient(options: ShopClientOptions) {
  const now = options.now ?? (() => Date.now());
  let session = options.session;
  let refreshing: Promise<void> | undefined;

  const client = createClient(
    createConfig({
      baseUrl: options.baseUrl,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      // Asked for every operation that needs a token (the document's security), just before it is sent.
      auth: async () => {
        if (session !== undefined && session.expiresAt - now() < REFRESH_MARGIN_MS) await refreshSession();
        return session?.accessToken;
      },
    }),
  );

  function startSession(pair: TokenPair): void {
    session = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: now() + pair.expiresIn * 1000 };
    options.onSession?.(session);
  }

  function endSession(): void {
    session = undefined;
    options.onSession?.(undefined);
  }

  /** One refresh at a time: calls that need it meanwhile wait for the same one (a refresh token is good once). */
  function refreshSession(): Promise<void> {
    refreshing ??= (async () => {
      const refreshToken = session?.refreshToken;
      if (refreshToken === undefined) throw new ProblemError(401, { detail: 'Not signed in.' });
      try {
        startSession(unwrap(await sdk.refresh({ client, body: { refreshToken } })));
      } catch (error) {
        if (error instanceof ProblemError && error.status === 401) endSession();
        throw error;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  /** A call that needs a token: refused as unauthorized with the token it sent still current, it refreshes and goes once more. */
  async function signedIn<T>(call: () => Promise<Result<T>>): Promise<T> {
    const sent = session?.accessToken;
    const first = await call();
    if (first.response?.status !== 401 || session === undefined) return unwrap(first);
    if (session.accessToken === sent) await refreshSession();
    return unwrap(await call());
  }

  async function signIn(credentials: { email: string; password: string }): Promise<void> {
    startSession(unwrap(await sdk.logIn({ client, body: credentials })));
  }

  const getOrder = (id: string): Promise<Order> => signedIn(() => sdk.getOrder({ client, path: { id } }));

  return {
    /** The current session, to keep; undefined when signed out. */
    get session(): Session | undefined {
      return session;
    },

    /** Opens an account (always a customer) and signs in to it. */
    async signUp(account: { email: string; password: string; name: string }): Promise<User> {
      const user = unwrap(await sdk.register({ client, body: account }));
      await signIn({ email: account.email, password: account.password });
      return user;
    },

    signIn,

    /** Trades the refresh token for a new pair now (it is done by itself when needed). */
    refresh: (): Promise<void> => refreshSession(),

    /** Ends this session on the server too; the refresh token stops working. */
    async signOut(): Promise<void> {
      await signedIn(() => sdk.logOut({ client }));
      endSession();
    },

    me: {
      get: (): Promise<User> => signedIn(() => sdk.getMe({ client })),
      /** A new password needs `currentPassword`; it ends the account's other sessions. */
      update: (changes: UpdateMeData['body']): Promise<User> => signedIn(() => sdk.updateMe({ client, body: changes })),
    },

    products: {
      list: (query: PageQuery & { category?: string } = {}): Promise<Page<Product>> =>
        sdk.listProducts({ client, query: { ...pageQuery(query), ...(query.category === undefined ? {} : { category: query.category }) } }).then(unwrap),
      get: (id: string): Promise<Product> => sdk.getProduct({ client, path: { id } }).then(unwrap),
      /** Admins only. */
      create: (draft: ProductDraft): Promise<Product> => signedIn(() => sdk.createProduct({ client, body: draft })),
      /** Admins only; a ProblemError 412 when the product changed since `precondition`. */
      update: (id: string, changes: ProductChanges, precondition: Precondition): Promise<Product> =>
        signedIn(() => sdk.updateProduct({ client, path: { id }, body: changes, headers: { 'if-match': ifMatch(precondition) } })),
      /** Admins only; a ProblemError 412 when the product changed since `precondition`. */
      remove: async (id: string, precondition: Precondition): Promise<void> => {
        await signedIn(() => sdk.deleteProduct({ client, path: { id }, headers: { 'if-match': ifMatch(precondition) } }));
      },
    },

    orders: {
      /**
       * Places an order. Its Idempotency-Key is made here (or given) and sent again on every retry, so
       * an answer lost on the way, or a moment's unavailability, never places it twice.
       */
      async place(
        items: readonly OrderItem[],
        { idempotencyKey = crypto.randomUUID(), attempts = 3, paymentMethod }: { idempotencyKey?: string; attempts?: number; paymentMethod?: string } = {},
      ): Promise<Order> {
        const body = { items: [...items], ...(paymentMethod === undefined ? {} : { paymentMethod }) };
        for (let attempt = 1; ; attempt++) {
          try {
            return await signedIn(() => sdk.placeOrder({ client, body, headers: { 'idempotency-key': idempotencyKey } }));
          } catch (error) {
            const retryable = !(error instanceof ProblemError) || RETRYABLE.has(error.status);
            if (!retryable || attempt >= attempts) throw error;
            await sleep(error instanceof ProblemError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 250 * 2 ** attempt);
          }
        }
      },
      get: getOrder,
      /** The caller's orders, newest first. */
      list: (query: PageQuery = {}): Promise<Page<Order>> => signedIn(() => sdk.listOrders({ client, query: pageQuery(query) })),
      /** Accepted before a final state and in CONFIRMED; the order shows when it is CANCELLED. */
      cancel: (id: string): Promise<Order> => signedIn(() => sdk.cancelOrder({ client, path: { id } })),
      /** Waits until the order is in a final state (or in `state`, when given), and gives it. */
      async waitFor(id: string, { state, timeoutMs = 60_000, intervalMs = 500 }: { state?: Order['state']; timeoutMs?: number; intervalMs?: number } = {}): Promise<Order> {
        const deadline = now() + timeoutMs;
        for (;;) {
          const order = await getOrder(id);
          if (state === undefined ? FINAL_STATES.has(order.state) : order.state === state) return order;
          if (now() >= deadline) throw new Error(`Order ${id} is still ${order.state} after ${timeoutMs} ms.`);
          await sleep(intervalMs);
        }
      },
    },

    notifications: {
      /** The caller's notifications, newest first. */
      list: (query: PageQuery = {}): Promise<Page<NotificationView>> =>
        signedIn(() => sdk.listNotifications({ client, query: pageQuery(query) })),
    },

    /** What an operator watches: admins only (a ProblemError 403 for anyone else). */
    admin: {
      /** Every service of the stage: version, URL, queues, readiness. */
      services: () => signedIn(() => sdk.listServices({ client })).then(({ services }) => services),
      /** Every queue the services publish: depth, in flight, and its DLQ's. */
      queues: () => signedIn(() => sdk.listQueues({ client })).then(({ queues }) => queues),
      /** Each service's circuit breakers (the catalog's, in orders; the provider's, in payments), as they were last seen. */
      breakers: async () => {
        const [orders, payments] = await Promise.all([signedIn(() => sdk.ordersBreakers({ client })), signedIn(() => sdk.paymentsBreakers({ client }))]);
        return [...orders.breakers.map((breaker) => ({ service: 'orders' as const, ...breaker })), ...payments.breakers.map((breaker) => ({ service: 'payments' as const, ...breaker }))];
      },
      /** Every customer's orders, newest first, each with its history; `state` keeps those in that state now. */
      orders: (query: PageQuery & { state?: LatestOrdersState } = {}): Promise<Page<Order>> =>
        signedIn(() => sdk.listLatestOrders({ client, query: { ...pageQuery(query), ...(query.state === undefined ? {} : { state: query.state }) } })),
      /** The oldest messages of a service's DLQ, left there. */
      deadLetters: (service: DeadLetterService, { limit }: { limit?: number } = {}) =>
        signedIn(() => DEAD_LETTERS[service].list({ client, query: limit === undefined ? {} : { limit: String(limit) } })).then(({ items }) => items),
      /** Sends a service's DLQ back to its queue: what moved, and what did not. */
      redrive: (service: DeadLetterService) => signedIn(() => DEAD_LETTERS[service].redrive({ client })),
    },
  };
}

/** The services with a queue, and so a DLQ: each serves its own (GET /admin/<service>/dead-letters). */
const DEAD_LETTERS = {
  catalog: { list: sdk.catalogDeadLetters, redrive: sdk.catalogRedrive },
  orders: { list: sdk.ordersDeadLetters, redrive: sdk.ordersRedrive },
  payments: { list: sdk.paymentsDeadLetters, redrive: sdk.paymentsRedrive },
  notifications: { list: sdk.notificationsDeadLetters, redrive: sdk.notificationsRedrive },
} as const;
export type DeadLetterService = keyof typeof DEAD_LETTERS;
export const DEAD_LETTER_SERVICES = Object.keys(DEAD_LETTERS) as DeadLetterService[];

export type ShopClient = ReturnType<typeof createShopClient>;
