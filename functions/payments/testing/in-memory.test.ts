import { describePaymentProviderContract } from './payment-provider.contract.ts';
import { describePaymentRecordsContract } from './payment-records.contract.ts';
import { FakePaymentProvider, InMemoryPaymentRecords } from './in-memory.ts';

describePaymentRecordsContract('the in-memory payment records', () => new InMemoryPaymentRecords());

describePaymentProviderContract('the fake payment provider', () => {
  const provider = new FakePaymentProvider();
  return {
    provider,
    decline: async (customerId) => void provider.declines.add(customerId),
    setDown: async (down) => void (provider.down = down),
    setAnswersLost: async (lost) => void (provider.answersLost = lost),
    heldFor: async (orderId) => provider.heldFor(orderId),
    chargesFor: async (orderId) => provider.chargesFor(orderId),
  };
});
