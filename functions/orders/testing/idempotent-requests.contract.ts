import { randomUUID } from 'node:crypto';
import { UnprocessableError } from '../../../lib/errors.ts';
import type { IdempotentRequests } from '../ports.ts';

/** What every IdempotentRequests promises (ports.ts), run against the in-memory fake and the Powertools adapter alike. */
export function describeIdempotentRequestsContract(name: string, subject: () => IdempotentRequests): void {
  describe(`${name} keeps the IdempotentRequests contract`, () => {
    let requests: IdempotentRequests;
    beforeAll(() => {
      requests = subject();
    });

    const counted = () => {
      let runs = 0;
      return { work: async () => ({ run: ++runs, id: randomUUID() }), runs: () => runs };
    };

    it('runs the work once for a key and gives a repeat the first result', async () => {
      const request = { scope: randomUUID(), key: randomUUID(), payload: { items: [{ productId: 'p', quantity: 2 }] } };
      const { work, runs } = counted();

      const first = await requests.once(request, work);
      const again = await requests.once({ ...request, payload: { items: [{ quantity: 2, productId: 'p' }] } }, work);

      expect(again).toEqual(first);
      expect(runs()).toBe(1);
    });

    it('runs the work once for repeats that come at the same time, and gives each the same result', async () => {
      const request = { scope: randomUUID(), key: randomUUID(), payload: { items: [] } };
      let runs = 0;
      const slow = async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { id: randomUUID() };
      };

      const results = await Promise.all(Array.from({ length: 5 }, () => requests.once(request, slow)));

      expect(new Set(results.map(({ id }) => id)).size).toBe(1);
      expect(runs).toBe(1);
    });

    it('refuses the key with another payload, naming the header', async () => {
      const request = { scope: randomUUID(), key: randomUUID(), payload: { items: [1] } };
      const { work, runs } = counted();
      await requests.once(request, work);

      const refusal = requests.once({ ...request, payload: { items: [2] } }, work);

      await expect(refusal).rejects.toThrow(UnprocessableError);
      await expect(refusal).rejects.toMatchObject({ fieldErrors: [{ field: 'headers.idempotency-key' }] });
      expect(runs()).toBe(1);
    });

    it('keeps keys apart by scope: another caller\'s same key runs the work again', async () => {
      const key = randomUUID();
      const { work, runs } = counted();

      await requests.once({ scope: randomUUID(), key, payload: {} }, work);
      await requests.once({ scope: randomUUID(), key, payload: {} }, work);

      expect(runs()).toBe(2);
    });

    it('forgets work that failed, so that a repeat runs it again', async () => {
      const request = { scope: randomUUID(), key: randomUUID(), payload: {} };
      const failing = async (): Promise<{ ok: boolean }> => {
        throw new Error('catalog down');
      };

      await expect(requests.once(request, failing)).rejects.toThrow('catalog down');
      const retried = await requests.once(request, async () => ({ ok: true }));

      expect(retried).toEqual({ ok: true });
    });
  });
}
