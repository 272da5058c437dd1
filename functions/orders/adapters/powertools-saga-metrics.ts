import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { ORDER_STATES, type Order } from '../domain/order.ts';
import type { SagaMetrics } from '../use-cases/saga.ts';

/** The kinds of state in which an order's saga has come to an end, for now at least (domain/order.ts). */
const ENDINGS: ReadonlySet<string> = new Set(['settled', 'final', 'stalled']);

/**
 * The saga's counts, added to the orders service's one Metrics instance, which the middy stacks flush
 * per invocation as EMF lines (CloudWatch reads them from the logs; no API call per metric).
 */
export class PowertoolsSagaMetrics implements SagaMetrics {
  readonly #metrics: Metrics;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  transitioned(from: Order | undefined, to: Order): void {
    if (from === undefined) this.#metrics.addMetric('ordersPlaced', MetricUnit.Count, 1);
    if (to.state === 'CONFIRMED' && from?.state !== 'CONFIRMED') {
      this.#metrics.addMetric('ordersConfirmed', MetricUnit.Count, 1);
      this.#metrics.addMetric('sagaDuration', MetricUnit.Milliseconds, Date.parse(to.history.at(-1)?.at ?? to.placedAt) - Date.parse(to.placedAt));
    }
    if (to.state === 'REJECTED') this.#metrics.addMetric('ordersRejected', MetricUnit.Count, 1);
    if (from?.state === 'STOCK_RESERVED' && to.compensation?.cause === 'CARD_DECLINED') this.#metrics.addMetric('paymentsDeclined', MetricUnit.Count, 1);
    if (to.state === 'COMPENSATION_FAILED' && from?.state !== 'COMPENSATION_FAILED') this.#metrics.addMetric('compensationFailed', MetricUnit.Count, 1);
    if (to.state !== from?.state && ENDINGS.has(ORDER_STATES[to.state].kind)) {
      // Each outcome as it is reached, by its state: a confirmed order later cancelled counts in both.
      const single = this.#metrics.singleMetric();
      single.addDimension('outcome', to.state);
      single.addMetric('ordersEnded', MetricUnit.Count, 1);
    }
  }

  /** A breaker around a service orders calls (the catalog) opened: calls to it fail fast for a while. */
  breakerOpened(dependency: string): void {
    // A line of its own, so that its dimension marks no other metric of the invocation.
    const single = this.#metrics.singleMetric();
    single.addDimension('dependency', dependency);
    single.addMetric('breakerOpened', MetricUnit.Count, 1);
  }
}
