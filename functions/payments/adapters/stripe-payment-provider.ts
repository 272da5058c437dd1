import { BrokenCircuitError, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, retry, wrap, type IPolicy } from 'cockatiel';
import Stripe from 'stripe';
import type { BreakerWatch } from '../../../lib/breakers.ts';
import { correlationHeader } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import type { ProviderOutcome } from '../domain/payment.ts';
import type { ChargeRequest, PaymentProvider } from '../ports.ts';

/** Stripe said no to the request itself (a bad key, a bad parameter): asking again will not help. */
class ProviderRefusedError extends Error {
  override readonly name = 'ProviderRefusedError';
}

/** Stripe did not answer, or not now (a timeout, a reset, a 5xx, a 429, a request still running): counted by the breaker and retried. */
class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export type ResilienceSettings = {
  /** Each attempt's limit; a slower answer counts as lost (unknown), never as "not done". */
  timeoutMs: number;
  /** Attempts after the first, with jittered exponential backoff from `backoffMs`. */
  retries: number;
  backoffMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakAfter: number;
  /** How long an open breaker fails every call at once before it lets one through to try. */
  halfOpenAfterMs: number;
};

export const defaultResilience: ResilienceSettings = { timeoutMs: 5000, retries: 1, backoffMs: 200, breakAfter: 5, halfOpenAfterMs: 10_000 };

type CancelOutcome = Exclude<ProviderOutcome, { outcome: 'DECLINED' }>;

/**
 * The PaymentProvider port on Stripe, through the official SDK: a PaymentIntent per order, opened
 * without a payment method (no money can move), confirmed with the customer's payment method, cancelled
 * or refunded. Every call carries an idempotency key made from the order id, so a call whose answer was
 * lost is asked again and Stripe answers as it did the first time; the current correlation id goes along
 * as X-Correlation-Id. Every call goes through one cockatiel policy, retries with jittered backoff
 * around a circuit breaker (one per container, its changes told to `watch`); the per-attempt timeout is the SDK's, which aborts the
 * request. While the breaker is open a call fails at once with a TransientError.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly #stripe: () => Promise<Stripe>;
  readonly #settings: ResilienceSettings;
  readonly #policy: IPolicy;
  readonly #watch: Pick<BreakerWatch, 'attach' | 'settled'> | undefined;

  constructor(stripe: () => Promise<Stripe>, settings: ResilienceSettings = defaultResilience, watch?: Pick<BreakerWatch, 'attach' | 'settled'>) {
    this.#stripe = stripe;
    this.#settings = settings;
    const unavailable = handleWhen((error) => error instanceof ProviderUnavailableError);
    const breaker = circuitBreaker(unavailable, { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breakAfter) });
    watch?.attach(breaker);
    this.#watch = watch;
    const retries = retry(unavailable, { maxAttempts: settings.retries, backoff: new ExponentialBackoff({ initialDelay: settings.backoffMs, maxDelay: settings.backoffMs * 10 }) });
    this.#policy = wrap(retries, breaker);
  }

  async open({ orderId, customerId, amountCents, currency }: ChargeRequest): Promise<string> {
    const intent = await this.#call(orderId, (stripe, options) =>
      stripe.paymentIntents.create(
        // Only methods that need no redirect: the customer is not here to follow one.
        { amount: amountCents, currency: currency.toLowerCase(), automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { orderId, customerId } },
        { ...options, idempotencyKey: orderId },
      ),
    );
    return intent.id;
  }

  async confirm(paymentId: string, { orderId, paymentMethod }: ChargeRequest): Promise<ProviderOutcome> {
    return this.#call(orderId, async (stripe, options) => {
      try {
        await stripe.paymentIntents.confirm(paymentId, { payment_method: paymentMethod }, { ...options, idempotencyKey: `${orderId}:confirm` });
        return { outcome: 'CHARGED' };
      } catch (error) {
        // A refused card, or a payment method Stripe cannot use: the customer's payment did not go through.
        if (error instanceof Stripe.errors.StripeCardError) return { outcome: 'DECLINED' };
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'payment_method') return { outcome: 'DECLINED' };
        return settledBefore(error);
      }
    });
  }

  async cancel(paymentId: string, orderId: string): Promise<CancelOutcome> {
    return this.#call(orderId, async (stripe, options) => {
      try {
        await stripe.paymentIntents.cancel(paymentId, {}, { ...options, idempotencyKey: `${orderId}:cancel` });
        return { outcome: 'CANCELED' };
      } catch (error) {
        const settled = settledBefore(error);
        if (settled.outcome === 'DECLINED') throw new ProviderUnavailableError(`Stripe did not cancel ${paymentId}, which was declined; try again.`);
        return settled;
      }
    });
  }

  async refund({ orderId, paymentId, amountCents }: { orderId: string; paymentId: string; amountCents: number }): Promise<void> {
    await this.#call(orderId, async (stripe, options) => {
      try {
        await stripe.refunds.create({ payment_intent: paymentId, amount: amountCents, metadata: { orderId } }, { ...options, idempotencyKey: `${orderId}:refund` });
      } catch (error) {
        // Refunded already (by this order's refund, under another key's life): nothing more to give back.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'charge_already_refunded')) throw error;
      }
    });
  }

  /** One call to Stripe through the policy, its errors turned into the port's: unavailable is a TransientError. */
  async #call<T>(orderId: string, request: (stripe: Stripe, options: Stripe.RequestOptions) => Promise<T>): Promise<T> {
    const options: Stripe.RequestOptions = { timeout: this.#settings.timeoutMs, headers: correlationHeader() };
    try {
      return await this.#policy.execute(async () => {
        const stripe = await this.#stripe();
        return request(stripe, options).catch((error: unknown) => {
          throw classified(error, orderId);
        });
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new TransientError('The payment provider\'s breaker is open: not called.');
      if (error instanceof ProviderUnavailableError) throw new TransientError(`The payment provider failed: ${error.message}`);
      throw error;
    } finally {
      await this.#watch?.settled();
    }
  }
}

/**
 * What a request that found the PaymentIntent past the state it needed says of it: Stripe names the
 * intent in a payment_intent_unexpected_state error (a confirm of a cancelled one, a cancel of a taken one).
 */
function settledBefore(error: unknown): ProviderOutcome {
  if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
    switch (error.payment_intent?.status) {
      case 'succeeded':
        return { outcome: 'CHARGED' };
      case 'canceled':
        return { outcome: 'CANCELED' };
      case 'requires_payment_method':
        if (error.payment_intent.last_payment_error !== null) return { outcome: 'DECLINED' };
    }
    // Any other state (processing, say) passes on its own: ask again later.
    throw new ProviderUnavailableError(`Stripe found ${error.payment_intent?.id ?? 'the payment'} ${error.payment_intent?.status ?? 'in another state'}; try again.`);
  }
  throw error;
}

/** Stripe's errors as the policy sees them: unavailable (retried, counted by the breaker) or refused. */
function classified(error: unknown, orderId: string): Error {
  if (error instanceof ProviderRefusedError || error instanceof ProviderUnavailableError) return error;
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    // The same key while its first request still runs: ask again once it has finished.
    (error instanceof Stripe.errors.StripeIdempotencyError && error.statusCode === 409) ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
  ) {
    // A connection error's own message is generic: what went wrong is in its detail (and fetch's, in its cause).
    const detail = (error as { detail?: unknown }).detail;
    const why = detail instanceof Error ? [detail.message, detail.cause instanceof Error ? detail.cause.message : undefined].filter(Boolean).join(': ') : undefined;
    return new ProviderUnavailableError(`${(error as Error).message}${why === undefined ? '' : ` (${why})`} (order ${orderId})`);
  }
  if (error instanceof Stripe.errors.StripeError) return new ProviderRefusedError(`Stripe refused a request for order ${orderId} (${error.statusCode ?? '?'} ${error.type}${error.code === undefined ? '' : ` ${error.code}`}): ${error.message}`);
  return new ProviderUnavailableError(`${(error as Error).message} (order ${orderId})`);
}
