import { randomUUID } from 'node:crypto';
import { TransientError } from '../../../lib/errors.ts';
import type { PaymentProvider } from '../ports.ts';

export type ProviderHarness = {
  provider: PaymentProvider;
  /** Makes this customer's card declined. */
  decline: (customerId: string) => Promise<void>;
  /** Takes the provider down (true) or brings it back. */
  setDown: (down: boolean) => Promise<void>;
  /** Charges the provider took for the order. */
  chargesTakenFor: (orderId: string) => Promise<number>;
};

/** What every PaymentProvider promises (ports.ts), run against the fake and the HTTP adapter with the local provider. */
export function describePaymentProviderContract(name: string, subject: () => ProviderHarness): void {
  describe(`${name} keeps the PaymentProvider contract`, () => {
    const request = (orderId = randomUUID(), customerId = `customer-${randomUUID()}`) => ({ orderId, customerId, amountCents: 4200, currency: 'EUR' });

    it('charges and names the payment', async () => {
      const { provider, chargesTakenFor } = subject();
      const charge = request();

      const result = await provider.charge(charge);

      expect(result).toEqual({ outcome: 'CHARGED', paymentId: expect.any(String) as string });
      expect(await chargesTakenFor(charge.orderId)).toBe(1);
    });

    it('charges an order once however often it is asked, with the same answer', async () => {
      const { provider, chargesTakenFor } = subject();
      const charge = request();

      const first = await provider.charge(charge);
      const again = await provider.charge(charge);

      expect(again).toEqual(first);
      expect(await chargesTakenFor(charge.orderId)).toBe(1);
    });

    it('answers a declined card with DECLINED, taking nothing', async () => {
      const { provider, decline, chargesTakenFor } = subject();
      const charge = request();
      await decline(charge.customerId);

      expect(await provider.charge(charge)).toEqual({ outcome: 'DECLINED' });
      expect(await chargesTakenFor(charge.orderId)).toBe(0);
    });

    it('refunds a charge, and a repeated refund is no error', async () => {
      const { provider } = subject();
      const charge = request();
      const result = await provider.charge(charge);
      if (result.outcome !== 'CHARGED') throw new Error('expected a charge');

      await provider.refund({ orderId: charge.orderId, paymentId: result.paymentId, amountCents: charge.amountCents });

      await expect(provider.refund({ orderId: charge.orderId, paymentId: result.paymentId, amountCents: charge.amountCents })).resolves.toBeUndefined();
    });

    it('fails with a TransientError while it is down, and charges once it is back', async () => {
      const { provider, setDown, chargesTakenFor } = subject();
      const charge = request();
      await setDown(true);
      try {
        await expect(provider.charge(charge)).rejects.toThrow(TransientError);
      } finally {
        await setDown(false);
      }
      expect(await chargesTakenFor(charge.orderId)).toBe(0);

      expect(await provider.charge(charge)).toEqual({ outcome: 'CHARGED', paymentId: expect.any(String) as string });
      expect(await chargesTakenFor(charge.orderId)).toBe(1);
    });
  });
}
