import type { BreakerChange, BreakerLog } from '../breakers.ts';

/** Breaker changes in memory, with the promises of the DynamoDB log: the latest change of each breaker stands. */
export class InMemoryBreakerLog implements BreakerLog {
  readonly #changes = new Map<string, BreakerChange>();
  /** Set to make every record fail, as a table that cannot be reached. */
  failing = false;

  async record(change: BreakerChange): Promise<void> {
    if (this.failing) throw new Error('the breaker log cannot be reached');
    const kept = this.#changes.get(change.dependency);
    if (kept === undefined || kept.at <= change.at) this.#changes.set(change.dependency, { ...change });
  }

  async latest(dependencies: readonly string[]): Promise<BreakerChange[]> {
    return dependencies.flatMap((dependency) => {
      const change = this.#changes.get(dependency);
      return change === undefined ? [] : [{ ...change }];
    });
  }
}
