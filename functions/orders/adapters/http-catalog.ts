import { circuitBreaker, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap, type IPolicy } from 'cockatiel';
import * as z from '../../../lib/zod.ts';
import { correlationHeader } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import { logger } from '../../../lib/logger.ts';
import type { Catalog, CatalogProduct, Clock } from '../ports.ts';

export type CatalogResilience = {
  /** Each call's limit; a slower answer counts as a failure. */
  timeoutMs: number;
  /** Consecutive failed calls that open the breaker. */
  breakAfter: number;
  /** How long an open breaker fails every call at once before it lets one through to try. */
  halfOpenAfterMs: number;
  /** How old a product seen before may be and still price an order while the catalog cannot answer. */
  fallbackMaxAgeSeconds: number;
};

// Placing an order waits for these calls: well inside the HTTP function's timeout, and a catalog
// that does not answer is soon left alone.
export const defaultCatalogResilience: CatalogResilience = { timeoutMs: 2000, breakAfter: 5, halfOpenAfterMs: 10_000, fallbackMaxAgeSeconds: 300 };

/** GET /products/{id} as the catalog answers it; only what an order line needs is read. */
const productBody = z.object({
  id: z.string(),
  priceCents: z.int().check(z.minimum(0)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});

/** The catalog failed to answer (not 2xx or 404, a reset, a body that is no product). */
class CatalogUnavailableError extends Error {
  override readonly name = 'CatalogUnavailableError';
}

/**
 * The catalog over HTTP (GET <base URL>/products/{id}), its base URL found by name. Every call goes
 * through one cockatiel policy: a circuit breaker around a timeout. The breaker and the products seen
 * live as long as this object, one per container: while the catalog cannot answer (breaker open,
 * timeout, 5xx) a product seen in the last minutes stands in for it, and else the call fails with a
 * TransientError (503, Retry-After). A 404 is an answer: no such product, and nothing is remembered of it.
 */
export class HttpCatalog implements Catalog {
  readonly #baseUrl: () => Promise<string>;
  readonly #clock: Clock;
  readonly #settings: CatalogResilience;
  readonly #policy: IPolicy;
  readonly #seen = new Map<string, { product: CatalogProduct; at: number }>();

  constructor(baseUrl: () => Promise<string>, clock: Clock, settings: CatalogResilience = defaultCatalogResilience, onBreak: () => void = () => {}) {
    this.#baseUrl = baseUrl;
    this.#clock = clock;
    this.#settings = settings;
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breakAfter) });
    breaker.onBreak(onBreak);
    this.#policy = wrap(breaker, timeout(settings.timeoutMs, TimeoutStrategy.Aggressive));
  }

  async product(id: string): Promise<CatalogProduct | undefined> {
    try {
      const url = `${await this.#baseUrl()}/products/${encodeURIComponent(id)}`;
      const product = await this.#policy.execute(({ signal }) => this.#get(url, signal));
      if (product === undefined) this.#seen.delete(id);
      else this.#seen.set(id, { product, at: this.#clock.now().getTime() });
      return product;
    } catch (error) {
      const seen = this.#seen.get(id);
      if (seen !== undefined && this.#clock.now().getTime() - seen.at <= this.#settings.fallbackMaxAgeSeconds * 1000) {
        logger.warn('the catalog did not answer; pricing with the product as last seen', { productId: id, seenAt: new Date(seen.at).toISOString(), error: error as Error });
        return seen.product;
      }
      throw new TransientError(`The catalog cannot tell the price of product ${id} now; try again shortly.`, { cause: error });
    }
  }

  async #get(url: string, signal: AbortSignal): Promise<CatalogProduct | undefined> {
    const response = await fetch(url, {
      headers: { accept: 'application/json', ...correlationHeader() },
      signal,
    }).catch((error: unknown) => {
      throw new CatalogUnavailableError(`The catalog did not answer: ${(error as Error).message}`);
    });
    const text = await response.text();
    if (response.status === 404) return undefined;
    if (!response.ok) throw new CatalogUnavailableError(`The catalog answered ${response.status} to ${url}.`);
    const body = productBody.safeParse(JSON.parse(text));
    if (!body.success) throw new CatalogUnavailableError(`The catalog answered ${url} with what is not a product.`);
    return { id: body.data.id, priceCents: body.data.priceCents, currency: body.data.currency };
  }
}
