import { randomUUID } from 'node:crypto';
import type { Payment } from '../domain/payment.ts';
import type { PaymentRecords } from '../ports.ts';

/** What every PaymentRecords promises (ports.ts), run against the in-memory fake and DynamoDB alike. */
export function describePaymentRecordsContract(name: string, subject: () => PaymentRecords): void {
  describe(`${name} keeps the PaymentRecords contract`, () => {
    const charged = (orderId: string): Payment => ({ orderId, status: 'CHARGED', paymentId: `pay-${orderId}`, amountCents: 1250, currency: 'EUR' });

    it('finds nothing for an order never paid', async () => {
      expect(await subject().find(randomUUID())).toBeUndefined();
    });

    it('records a first decision and finds it as written', async () => {
      const records = subject();
      const payment = charged(randomUUID());

      expect(await records.move(undefined, payment)).toEqual(payment);

      expect(await records.find(payment.orderId)).toEqual(payment);
    });

    it('keeps the first decision when a second one comes for no payment: it returns the one that stands', async () => {
      const records = subject();
      const orderId = randomUUID();
      await records.move(undefined, { orderId, status: 'VOIDED' });

      const stands = await records.move(undefined, charged(orderId));

      expect(stands).toEqual({ orderId, status: 'VOIDED' });
      expect(await records.find(orderId)).toEqual({ orderId, status: 'VOIDED' });
    });

    it('moves a payment from the state read, and only from it', async () => {
      const records = subject();
      const payment = charged(randomUUID());
      await records.move(undefined, payment);
      const refunded: Payment = { ...payment, status: 'REFUNDED' } as Payment;

      expect(await records.move(payment, refunded)).toEqual(refunded);
      // A second delivery read CHARGED too: it changes nothing and learns what stands.
      expect(await records.move(payment, { orderId: payment.orderId, status: 'DECLINED', reason: 'CARD_DECLINED' })).toEqual(refunded);
      expect(await records.find(payment.orderId)).toEqual(refunded);
    });

    it('lets only one of two racing first decisions stand', async () => {
      const records = subject();
      const orderId = randomUUID();

      const [first, second] = await Promise.all([records.move(undefined, charged(orderId)), records.move(undefined, { orderId, status: 'VOIDED' })]);

      expect(first).toEqual(second);
      expect(await records.find(orderId)).toEqual(first);
    });
  });
}
