import { randomUUID } from 'node:crypto';
import { withCorrelationId } from '../../../lib/correlation.ts';
import { TransientError } from '../../../lib/errors.ts';
import { chargesFor, heldFor, providerUrl, setProviderFaults } from '../../../test/support/payments.ts';
import { describePaymentProviderContract } from '../testing/payment-provider.contract.ts';
import { stripeClient } from './stripe-client.ts';
import { defaultResilience, StripePaymentProvider } from './stripe-payment-provider.ts';

// Quick to give up and to try again, so the faults below show in seconds; a breaker that never opens here.
const quick = { ...defaultResilience, timeoutMs: 1500, retries: 0, breakAfter: 1000 };
const provider = () => new StripePaymentProvider(async () => stripeClient(providerUrl(), 'sk_test_local'), quick);

afterEach(async () => {
  await setProviderFaults({});
});

const declined = new Set<string>();
describePaymentProviderContract('the Stripe adapter, against the local provider', () => ({
  provider: provider(),
  decline: async (customerId) => {
    declined.add(customerId);
    await setProviderFaults({ declineCustomers: [...declined] });
  },
  setDown: (down) => setProviderFaults({ outage: down, declineCustomers: [...declined] }),
  setAnswersLost: (lost) => setProviderFaults({ lostAnswerRate: lost ? 1 : 0, declineCustomers: [...declined] }),
  heldFor,
  chargesFor: async (orderId) => (await chargesFor(orderId)).length,
}));

const aCharge = () => ({ orderId: randomUUID(), customerId: `customer-${randomUUID()}`, amountCents: 1999, currency: 'EUR', paymentMethod: 'pm_card_visa' });

describe('the Stripe adapter, against the local provider\'s faults', () => {
  it('declines the payment methods Stripe\'s test mode declines', async () => {
    const charge = { ...aCharge(), paymentMethod: 'pm_card_chargeDeclined' };
    const adapter = provider();

    expect(await adapter.confirm(await adapter.open(charge), charge)).toEqual({ outcome: 'DECLINED' });
    expect(await heldFor(charge.orderId)).toBe(0);
  });

  it('takes a provider slower than its timeout for "unknown": the charge it made is found when asked again', async () => {
    const charge = aCharge();
    const adapter = provider();
    const paymentId = await adapter.open(charge);
    await setProviderFaults({ lateAnswerMs: 2500 });

    await expect(adapter.confirm(paymentId, charge)).rejects.toThrow(TransientError);
    await setProviderFaults({});

    expect(await heldFor(charge.orderId)).toBe(1999);
    expect(await adapter.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CHARGED' });
  });

  it('sends the current correlation id as X-Correlation-Id, which the provider keeps in its request log', async () => {
    const charge = aCharge();
    const adapter = provider();

    await withCorrelationId('order-corr-1', async () => adapter.confirm(await adapter.open(charge), charge));

    expect(await chargesFor(charge.orderId)).toEqual([expect.objectContaining({ correlationId: 'order-corr-1' })]);
  });
});
