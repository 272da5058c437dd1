import type { HealthCheck } from '../ports.ts';

/** Asks a readiness route over HTTP with a deadline, so one slow service cannot hold up the answer. */
export class HttpHealthCheck implements HealthCheck {
  readonly #timeoutMs: number;

  constructor({ timeoutMs }: { timeoutMs: number }) {
    this.#timeoutMs = timeoutMs;
  }

  async isReady(url: string): Promise<boolean> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.#timeoutMs), headers: { accept: 'application/json' } });
      await response.body?.cancel();
      return response.ok;
    } catch {
      // Refused, reset, unresolvable or too slow: all mean "not ready", which is what is reported.
      return false;
    }
  }
}
