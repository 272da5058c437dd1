import type { QueueDepths, QueueGauge } from '../ports.ts';

/** Queues' depths as a test sets them, by URL, with the promises of SqsQueueGauge. */
export class InMemoryQueueGauge implements QueueGauge {
  readonly #queues = new Map<string, QueueDepths>();

  set(url: string, depths: QueueDepths): void {
    this.#queues.set(url, structuredClone(depths));
  }

  async depths(url: string): Promise<QueueDepths> {
    const depths = this.#queues.get(url);
    if (depths === undefined) throw new Error(`no queue at ${url}`);
    return structuredClone(depths);
  }
}
