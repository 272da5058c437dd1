import { ConstantBackoff, ExponentialBackoff, handleWhen, retry } from 'cockatiel';

type Retrying = {
  /** Which failures are worth trying again; any other is thrown at once. */
  when: (error: Error) => boolean;
  /** Tries after the first. */
  retries: number;
  /** The first wait (doubling, jittered, up to `maxDelayMs`), or `constant` for the same wait each time. */
  delayMs: number;
  maxDelayMs?: number;
  constant?: boolean;
};

/**
 * The one way the shop tries something again in process (cockatiel): a DynamoDB transaction that lost a
 * race, keys a batch read left unprocessed, a request waiting for another under its key, a cancel that
 * lost a race to a saga step. The last failure is thrown as it came.
 */
export function retrying<T>(work: () => Promise<T>, { when, retries, delayMs, maxDelayMs = delayMs * 16, constant = false }: Retrying): Promise<T> {
  const backoff = constant ? new ConstantBackoff(delayMs) : new ExponentialBackoff({ initialDelay: delayMs, maxDelay: maxDelayMs });
  return retry(handleWhen((error) => error instanceof Error && when(error)), { maxAttempts: retries, backoff }).execute(() => work());
}
