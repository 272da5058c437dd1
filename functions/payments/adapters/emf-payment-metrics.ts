import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PaymentMetrics } from '../ports.ts';

/**
 * The payments service's metrics as CloudWatch EMF lines on stdout (Powertools Metrics), each flushed
 * as it happens: they are rare, and the queue consumer's middy stack is shared by every service.
 */
export class EmfPaymentMetrics implements PaymentMetrics {
  readonly #metrics = new Metrics({ namespace: 'shop', serviceName: 'payments' });

  declined(): void {
    this.#count('PaymentDeclined');
  }

  breakerOpened(): void {
    this.#count('BreakerOpened');
  }

  #count(name: string): void {
    this.#metrics.addMetric(name, MetricUnit.Count, 1);
    this.#metrics.publishStoredMetrics();
  }
}
