import { randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '../../../lib/errors.ts';
import type { ManualClock } from '../../../lib/testing/manual-clock.ts';
import type { CallerLimits } from '../ports.ts';

/** What every CallerLimits promises (ports.ts), run against the in-memory fake and DynamoDB alike; both are made with a limit of 3 a minute. */
export function describeCallerLimitsContract(name: string, subject: (clock: ManualClock) => CallerLimits, clockAt: () => ManualClock): void {
  describe(`${name} keeps the CallerLimits contract`, () => {
    it('admits a customer\'s placements up to the limit, then refuses with the seconds left in the minute', async () => {
      const clock = clockAt();
      const limits = subject(clock);
      const customer = randomUUID();

      for (let n = 0; n < 3; n += 1) await limits.admit(customer);
      const refused = await limits.admit(customer).catch((error: unknown) => error);

      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(40);
    });

    it('counts each customer apart, and starts a fresh count in the next minute', async () => {
      const clock = clockAt();
      const limits = subject(clock);
      const [busy, other] = [randomUUID(), randomUUID()];
      for (let n = 0; n < 3; n += 1) await limits.admit(busy);

      await expect(limits.admit(other)).resolves.toBeUndefined();
      clock.advanceSeconds(40);
      await expect(limits.admit(busy)).resolves.toBeUndefined();
    });

    it('lets no more than the limit through when placements come at once', async () => {
      const limits = subject(clockAt());
      const customer = randomUUID();

      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => limits.admit(customer)));

      expect(outcomes.filter(({ status }) => status === 'fulfilled')).toHaveLength(3);
    });
  });
}
