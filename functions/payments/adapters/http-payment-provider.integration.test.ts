import { randomUUID } from 'node:crypto';
import type { Emulator } from '../../../scripts/local/emulators.ts';
import { startPaymentProvider, type ChargeSeen } from '../../../scripts/local/payment-provider.ts';
import { withCorrelationId } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import { describePaymentProviderContract } from '../testing/payment-provider.contract.ts';
import { HttpPaymentProvider, type ResilienceSettings } from './http-payment-provider.ts';

// A provider of this file's own, so that its faults reach no other test.
let local: Emulator;
beforeAll(async () => {
  local = await startPaymentProvider({ port: 0 });
});
afterAll(async () => {
  await local.stop();
});

const control = async (settings: object) => void (await fetch(`${local.url}/control`, { method: 'PUT', body: JSON.stringify(settings) }));
const charges = async () => ((await (await fetch(`${local.url}/charges`)).json()) as { charges: ChargeSeen[] }).charges;
const quick: ResilienceSettings = { timeoutMs: 500, retries: 1, backoffMs: 10, breakAfter: 3, halfOpenAfterMs: 500 };
const aCharge = () => ({ orderId: randomUUID(), customerId: `c-${randomUUID()}`, amountCents: 700, currency: 'EUR' });

describePaymentProviderContract('the HTTP payment provider, against the local provider', () => {
  const declined: string[] = [];
  return {
    provider: new HttpPaymentProvider(async () => local.url, quick),
    decline: async (customerId) => {
      declined.push(customerId);
      await control({ declineCustomers: declined });
    },
    setDown: (down) => control({ outage: down }),
    chargesTakenFor: async (orderId) => (await charges()).filter(({ idempotencyKey }) => idempotencyKey === orderId).length,
  };
});

describe('the HTTP payment provider\'s resilience', () => {
  afterEach(() => control({}));

  it('gives up on a slow answer after its timeout, with a TransientError', async () => {
    const provider = new HttpPaymentProvider(async () => local.url, { ...quick, retries: 0 });
    await control({ latencyMs: 2000 });

    const started = Date.now();
    await expect(provider.charge(aCharge())).rejects.toThrow(TransientError);

    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('opens its breaker after failures in a row and then fails fast without calling; half-open, it tries again', async () => {
    let breaks = 0;
    const provider = new HttpPaymentProvider(async () => local.url, quick, () => (breaks += 1));
    await control({ outage: true, latencyMs: 100 });
    // Each call tries twice (one retry): two calls make the three failures in a row that open it.
    await expect(provider.charge(aCharge())).rejects.toThrow(TransientError);
    await expect(provider.charge(aCharge())).rejects.toThrow(TransientError);
    expect(breaks).toBe(1);
    await control({});

    const charge = aCharge();
    const started = performance.now();
    await expect(provider.charge(charge)).rejects.toThrow(/breaker is open/);
    const failFastMs = performance.now() - started;

    expect(failFastMs).toBeLessThan(50);
    expect((await charges()).some(({ idempotencyKey }) => idempotencyKey === charge.orderId)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, quick.halfOpenAfterMs + 50));
    expect(await provider.charge(charge)).toEqual({ outcome: 'CHARGED', paymentId: expect.any(String) as string });
  });
});

describe('the HTTP payment provider\'s calls', () => {
  it('send the correlation id of the work under way as X-Correlation-Id, which the provider records with the charge', async () => {
    const charge = aCharge();

    await withCorrelationId('order-corr-1', () => new HttpPaymentProvider(async () => local.url, quick).charge(charge));

    expect((await charges()).filter(({ idempotencyKey }) => idempotencyKey === charge.orderId)).toEqual([expect.objectContaining({ correlationId: 'order-corr-1' })]);
  });
});
