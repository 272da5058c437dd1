import { randomUUID } from 'node:crypto';
import { InMemoryProducts, InMemoryStockLedger, RecordingReplies } from './in-memory.ts';
import { describeProductRepositoryContract } from './product-repository.contract.ts';
import { describeStockLedgerContract } from './stock-ledger.contract.ts';
import { describeStockRepliesContract } from './stock-replies.contract.ts';

describeProductRepositoryContract('the in-memory product repository', () => new InMemoryProducts());

describeStockLedgerContract('the in-memory stock ledger', () => {
  const products = new InMemoryProducts();
  return { products, ledger: new InMemoryStockLedger(products) };
});

describeStockRepliesContract('the recording stock replies', () => {
  const replies = new RecordingReplies();
  return {
    replies,
    aQueue: async () => {
      const name = `replies-${randomUUID()}`;
      return {
        name,
        received: async () => replies.sent.filter(({ replyTo }) => replyTo === name).map(({ answer }) => answer),
        remove: async () => undefined,
      };
    },
    aMissingQueue: () => {
      const name = `missing-${randomUUID()}`;
      replies.missingQueues.add(name);
      return name;
    },
  };
});
