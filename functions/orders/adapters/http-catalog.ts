import { circuitBreaker, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap, type IPolicy } from 'cockatiel';
import * as z from '../../../lib/zod.ts';
import type { BreakerWatch } from '../../../lib/breakers.ts';
import { correlationHeader } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import type { Catalog, CatalogProduct } from '../ports.ts';

export type CatalogResilience = {
  /** Each call's limit; a slower answer counts as a failure. */
  timeoutMs: number;
  /** Consecutive failed calls that open the breaker. */
  breakAfter: number;
  /** How long an open breaker fails every call at once before it lets one through to try. */
  halfOpenAfterMs: number;
};

// Placing an order waits for these calls: well inside the HTTP function's timeout, and a catalog
// that does not answer is soon left alone.
export const defaultCatalogResilience: CatalogResilience = { timeoutMs: 2000, breakAfter: 5, halfOpenAfterMs: 10_000 };

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
 * through one cockatiel policy: a circuit breaker (one per container, its changes told to `watch`)
 * around a timeout. When the catalog
 * cannot answer (breaker open, timeout, 5xx) the call fails with a TransientError (503, Retry-After):
 * no remembered price stands in for it, because an order is priced at what the catalog charges when it
 * is placed, and a price seen before may have changed since. A 404 is an answer: no such product.
 */
export class HttpCatalog implements Catalog {
  readonly #baseUrl: () => Promise<string>;
  readonly #policy: IPolicy;
  readonly #watch: Pick<BreakerWatch, 'attach' | 'settled'> | undefined;

  constructor(baseUrl: () => Promise<string>, settings: CatalogResilience = defaultCatalogResilience, watch?: Pick<BreakerWatch, 'attach' | 'settled'>) {
    this.#baseUrl = baseUrl;
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breakAfter) });
    watch?.attach(breaker);
    this.#watch = watch;
    this.#policy = wrap(breaker, timeout(settings.timeoutMs, TimeoutStrategy.Aggressive));
  }

  async product(id: string): Promise<CatalogProduct | undefined> {
    try {
      const url = `${await this.#baseUrl()}/products/${encodeURIComponent(id)}`;
      return await this.#policy.execute(({ signal }) => this.#get(url, signal));
    } catch (error) {
      throw new TransientError(`The catalog cannot tell the price of product ${id} now; try again shortly.`, { cause: error });
    } finally {
      await this.#watch?.settled();
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
