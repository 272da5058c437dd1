import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { correlationHeader } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import type { ChargeRequest, ChargeResult, PaymentProvider, RefundRequest } from '../ports.ts';

/** The provider said no to the request itself (a 4xx other than a decline): trying again will not help. */
class ProviderRefusedError extends Error {
  override readonly name = 'ProviderRefusedError';
}

/** The provider failed to answer (5xx, a reset, a timeout): counted by the breaker and retried. */
class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export type ResilienceSettings = {
  /** Each attempt's limit; a slower answer counts as a failure. */
  timeoutMs: number;
  /** Attempts after the first, with jittered exponential backoff from `backoffMs`. */
  retries: number;
  backoffMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakAfter: number;
  /** How long an open breaker fails every call at once before it lets one through to try. */
  halfOpenAfterMs: number;
};

export const defaultResilience: ResilienceSettings = { timeoutMs: 2000, retries: 2, backoffMs: 100, breakAfter: 5, halfOpenAfterMs: 10_000 };

/**
 * The payment provider over HTTP (the API scripts/local/payment-provider.ts serves locally), with the
 * order id as the Idempotency-Key and the current correlation id as X-Correlation-Id (so the provider's
 * records of a call can be matched with the order's logs). Every call goes through one cockatiel
 * policy: retries with jittered exponential backoff around a circuit breaker around a per-attempt
 * timeout. The breaker lives as long as this object, one per container: while it is open a call fails
 * at once with a TransientError, and the command waits in its queue instead of holding the provider down.
 */
export class HttpPaymentProvider implements PaymentProvider {
  readonly #baseUrl: () => Promise<string>;
  readonly #policy: IPolicy;

  constructor(baseUrl: () => Promise<string>, settings: ResilienceSettings = defaultResilience, onBreak: () => void = () => {}) {
    this.#baseUrl = baseUrl;
    const breaker = circuitBreaker(
      handleWhen((error) => !(error instanceof ProviderRefusedError)),
      { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breakAfter) },
    );
    breaker.onBreak(onBreak);
    const retries = retry(
      handleWhen((error) => !(error instanceof ProviderRefusedError) && !(error instanceof BrokenCircuitError)),
      { maxAttempts: settings.retries, backoff: new ExponentialBackoff({ initialDelay: settings.backoffMs, maxDelay: settings.backoffMs * 10 }) },
    );
    this.#policy = wrap(retries, breaker, timeout(settings.timeoutMs, TimeoutStrategy.Aggressive));
  }

  async charge({ orderId, customerId, amountCents, currency }: ChargeRequest): Promise<ChargeResult> {
    const { status, body } = await this.#post('/charges', orderId, { customerId, amountCents, currency });
    if (status === 402) return { outcome: 'DECLINED' };
    const paymentId = (body as { paymentId?: unknown }).paymentId;
    if (typeof paymentId !== 'string' || paymentId === '') throw new Error(`The provider charged order ${orderId} without a paymentId.`);
    return { outcome: 'CHARGED', paymentId };
  }

  async refund({ orderId, paymentId, amountCents }: RefundRequest): Promise<void> {
    await this.#post('/refunds', orderId, { paymentId, amountCents });
  }

  async #post(path: string, idempotencyKey: string, body: object): Promise<{ status: number; body: unknown }> {
    const url = `${await this.#baseUrl()}${path}`;
    const headers = { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...correlationHeader() };
    try {
      return await this.#policy.execute(async ({ signal }) => {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal,
        }).catch((error: unknown) => {
          throw new ProviderUnavailableError(`The payment provider did not answer: ${(error as Error).message}`);
        });
        const text = await response.text();
        if (response.status >= 500) throw new ProviderUnavailableError(`The payment provider answered ${response.status} to ${path}.`);
        if (response.status >= 400 && response.status !== 402) throw new ProviderRefusedError(`The payment provider refused ${path} (${response.status}): ${text}`);
        return { status: response.status, body: JSON.parse(text) as unknown };
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new TransientError('The payment provider\'s breaker is open: not called.');
      if (error instanceof ProviderRefusedError) throw error;
      throw new TransientError(`The payment provider failed: ${(error as Error).message}`);
    }
  }
}
