import { randomUUID } from 'node:crypto';
import { TransientError } from '../../../lib/errors.ts';
import type { ChargeRequest, PaymentProvider } from '../ports.ts';

export type ProviderHarness = {
  provider: PaymentProvider;
  /** Makes this customer's card declined. */
  decline: (customerId: string) => Promise<void>;
  /** Takes the provider down (every call fails before it does anything), or brings it back. */
  setDown: (down: boolean) => Promise<void>;
  /** Makes every call do its work and then lose its answer (true), or answer again (false). */
  setAnswersLost: (lost: boolean) => Promise<void>;
  /** What the provider holds for the order: what it took, less what it gave back. */
  heldFor: (orderId: string) => Promise<number>;
  /** How many times the provider took money for the order. */
  chargesFor: (orderId: string) => Promise<number>;
};

/** What every PaymentProvider promises (ports.ts), run against the fake and the Stripe adapter with the local provider. */
export function describePaymentProviderContract(name: string, subject: () => ProviderHarness): void {
  describe(`${name} keeps the PaymentProvider contract`, () => {
    const request = (customerId = `customer-${randomUUID()}`): ChargeRequest => ({ orderId: randomUUID(), customerId, amountCents: 4200, currency: 'EUR', paymentMethod: 'pm_card_visa' });

    /** Runs `work` with a fault set, and clears the fault whatever happens. */
    async function during<T>(set: (on: boolean) => Promise<void>, work: () => Promise<T>): Promise<T> {
      await set(true);
      try {
        return await work();
      } finally {
        await set(false);
      }
    }

    it('opens one payment per order, taking nothing, and names the same one when asked again', async () => {
      const { provider, heldFor } = subject();
      const charge = request();

      const first = await provider.open(charge);

      expect(await provider.open(charge)).toBe(first);
      expect(await heldFor(charge.orderId)).toBe(0);
    });

    it('takes the money once when the payment is confirmed, however often it is confirmed', async () => {
      const { provider, heldFor, chargesFor } = subject();
      const charge = request();
      const paymentId = await provider.open(charge);

      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'CHARGED' });
      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'CHARGED' });

      expect(await heldFor(charge.orderId)).toBe(4200);
      expect(await chargesFor(charge.orderId)).toBe(1);
    });

    it('answers a declined card with DECLINED, taking nothing', async () => {
      const { provider, decline, heldFor } = subject();
      const charge = request();
      await decline(charge.customerId);
      const paymentId = await provider.open(charge);

      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'DECLINED' });
      expect(await heldFor(charge.orderId)).toBe(0);
    });

    it('never takes a payment cancelled before it was confirmed', async () => {
      const { provider, heldFor } = subject();
      const charge = request();
      const paymentId = await provider.open(charge);

      expect(await provider.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CANCELED' });
      expect(await provider.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CANCELED' });

      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'CANCELED' });
      expect(await heldFor(charge.orderId)).toBe(0);
    });

    it('says CHARGED when asked to cancel a payment it took, and gives it back once when refunded', async () => {
      const { provider, heldFor } = subject();
      const charge = request();
      const paymentId = await provider.open(charge);
      await provider.confirm(paymentId, charge);

      expect(await provider.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CHARGED' });
      await provider.refund({ orderId: charge.orderId, paymentId, amountCents: charge.amountCents });
      await provider.refund({ orderId: charge.orderId, paymentId, amountCents: charge.amountCents });

      expect(await heldFor(charge.orderId)).toBe(0);
    });

    it('cancels a payment whose card was declined', async () => {
      const { provider, decline } = subject();
      const charge = request();
      await decline(charge.customerId);
      const paymentId = await provider.open(charge);
      await provider.confirm(paymentId, charge);

      expect(await provider.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CANCELED' });
    });

    it('fails with a TransientError while it is down, doing nothing, and takes the money once it is back', async () => {
      const { provider, setDown, heldFor } = subject();
      const charge = request();

      await during(setDown, () => expect(provider.open(charge)).rejects.toThrow(TransientError));
      const paymentId = await provider.open(charge);
      await during(setDown, () => expect(provider.confirm(paymentId, charge)).rejects.toThrow(TransientError));
      expect(await heldFor(charge.orderId)).toBe(0);

      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'CHARGED' });
      expect(await heldFor(charge.orderId)).toBe(4200);
    });

    it('keeps the money of a confirm whose answer was lost, and tells it when asked again', async () => {
      const { provider, setAnswersLost, heldFor, chargesFor } = subject();
      const charge = request();
      const paymentId = await provider.open(charge);

      await during(setAnswersLost, () => expect(provider.confirm(paymentId, charge)).rejects.toThrow(TransientError));

      expect(await heldFor(charge.orderId)).toBe(4200);
      expect(await provider.confirm(paymentId, charge)).toEqual({ outcome: 'CHARGED' });
      expect(await provider.cancel(paymentId, charge.orderId)).toEqual({ outcome: 'CHARGED' });
      expect(await chargesFor(charge.orderId)).toBe(1);
    });

    it('names the payment it opened when the answer to the opening was lost', async () => {
      const { provider, setAnswersLost } = subject();
      const charge = request();

      await during(setAnswersLost, () => expect(provider.open(charge)).rejects.toThrow(TransientError));

      const paymentId = await provider.open(charge);
      expect(await provider.open(charge)).toBe(paymentId);
    });
  });
}
