import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { PaymentMetrics } from '../ports.ts';

/** The payments service's counts, added to its one Metrics instance (flushed by the queue stack's middleware, as EMF). */
export class EmfPaymentMetrics implements PaymentMetrics {
  readonly #metrics: Metrics;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  declined(): void {
    this.#metrics.addMetric('PaymentDeclined', MetricUnit.Count, 1);
  }

  breakerOpened(): void {
    this.#metrics.addMetric('BreakerOpened', MetricUnit.Count, 1);
  }
}
