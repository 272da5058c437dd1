import { randomUUID } from 'node:crypto';
import type { BreakerLog } from '../breakers.ts';

/** What every BreakerLog promises, run against the in-memory fake and the DynamoDB adapter alike. */
export function describeBreakerLogContract(name: string, subject: () => BreakerLog): void {
  describe(`${name} keeps the BreakerLog contract`, () => {
    it("keeps each breaker's latest change, and leaves out a breaker never recorded", async () => {
      const log = subject();
      const [provider, catalog] = [`provider-${randomUUID()}`, `catalog-${randomUUID()}`];

      await log.record({ dependency: provider, state: 'open', at: '2030-01-01T00:00:00.000Z', container: 'a' });
      await log.record({ dependency: provider, state: 'half-open', at: '2030-01-01T00:00:10.000Z', container: 'a' });

      expect(await log.latest([provider, catalog])).toEqual([{ dependency: provider, state: 'half-open', at: '2030-01-01T00:00:10.000Z', container: 'a' }]);
    });

    it('keeps the later change when an earlier one comes after it, from another container', async () => {
      const log = subject();
      const provider = `provider-${randomUUID()}`;

      await log.record({ dependency: provider, state: 'closed', at: '2030-01-01T00:00:20.000Z', container: 'b' });
      await log.record({ dependency: provider, state: 'open', at: '2030-01-01T00:00:05.000Z', container: 'a' });

      expect(await log.latest([provider])).toEqual([{ dependency: provider, state: 'closed', at: '2030-01-01T00:00:20.000Z', container: 'b' }]);
    });
  });
}
