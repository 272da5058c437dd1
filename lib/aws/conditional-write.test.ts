import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unlessRefused } from './conditional-write.ts';

describe('unlessRefused', () => {
  it('gives the answer of a write that went through', async () => {
    await expect(unlessRefused(Promise.resolve({ Attributes: { pk: 'a' } }))).resolves.toEqual({ Attributes: { pk: 'a' } });
  });

  it('gives undefined for a write DynamoDB refused on its condition', async () => {
    const refused = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    await expect(unlessRefused(Promise.reject(refused))).resolves.toBeUndefined();
  });

  it('throws any other failure as it came', async () => {
    const failure = new Error('throttled');
    await expect(unlessRefused(Promise.reject(failure))).rejects.toBe(failure);
  });
});
